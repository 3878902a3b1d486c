using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Tandem.Core.Items;

/// <summary>
/// What a calendar item holds that Exchange has no writable place for, kept in Tandem's own named properties so that
/// a copy reads back as it was written. Shared by the EWS and the Graph connectors: both write the same properties over
/// the same mailbox store, so a copy made over one protocol reads the same over the other.
/// <list type="bullet">
/// <item>the organizer: Exchange makes the mailbox owner the organizer of every item created in it and refuses to be
/// told otherwise, and a real organizer would mean a meeting that sends mail. The model's organizer is data here
/// (TandemOrganizer); the item stays an appointment written with SendToNone, so nobody is invited.</item>
/// <item>a text body beside an HTML one: an item has one Body (UniqueBody and TextBody are read-only, TextBody derived
/// from the HTML). Body holds the HTML; the text travels in TandemTextBody with a fingerprint of the HTML's visible
/// text, and is read back only while the HTML still matches it (an edit of the body in Outlook drops the stale text).</item>
/// <item>floating times (iCalendar's local time without a zone): Exchange has no such time. They are written as that
/// wall-clock time in UTC, marked TandemFloating, and read back floating.</item>
/// </list>
/// </summary>
public static partial class EventExtras
{
    public static string? Organizer(Attendee? organizer) => organizer is null
        ? null
        : string.Join('\n', organizer.Email, organizer.Name ?? "", ((int)organizer.Role).ToString(CultureInfo.InvariantCulture), ((int)organizer.Response).ToString(CultureInfo.InvariantCulture));

    public static Attendee? ReadOrganizer(string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        var parts = value.Split('\n');
        if (parts[0].Length == 0) return null;
        var role = parts.Length > 2 && int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) && Enum.IsDefined((AttendeeRole)r) ? (AttendeeRole)r : AttendeeRole.Chair;
        var response = parts.Length > 3 && int.TryParse(parts[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) && Enum.IsDefined((ResponseStatus)s) ? (ResponseStatus)s : ResponseStatus.Organizer;
        return new Attendee(parts[0], parts.Length > 1 && parts[1].Length > 0 ? parts[1] : null, role, response);
    }

    /// <summary>The TandemTextBody value: only when the event has both bodies.</summary>
    public static string? TextBeside(Event e) =>
        e.HtmlBody is { Length: > 0 } html && e.Body is { Length: > 0 } text ? Fingerprint(html) + "\n" + text : null;

    /// <summary>The kept text body, if the HTML it was written beside is still the item's.</summary>
    public static string? ReadTextBeside(string? value, string? html)
    {
        if (value is null || html is null) return null;
        var newline = value.IndexOf('\n', StringComparison.Ordinal);
        return newline > 0 && value[..newline] == Fingerprint(html) ? value[(newline + 1)..] : null;
    }

    public static bool IsFloating(Event e) => !e.IsAllDay && e.Start.IsFloating;

    /// <summary>An event read from UTC wall-clock times that were written floating: every UTC time made floating again.</summary>
    public static Event Floating(Event e) => e with
    {
        Start = Float(e.Start),
        End = e.End is null ? null : Float(e.End),
        DeletedOccurrences = e.DeletedOccurrences.Select(Float).ToValueList(),
        RecurrenceDates = e.RecurrenceDates.Select(Float).ToValueList(),
        Recurrence = e.Recurrence is { Until: { } until } rule ? rule with { Until = Float(until) } : e.Recurrence,
        Exceptions = e.Exceptions.Select(x => x with { RecurrenceId = Float(x.RecurrenceId), Occurrence = Floating(x.Occurrence) }).ToValueList(),
    };

    /// <summary>The occurrence of <paramref name="master"/> starting at <paramref name="originalStart"/>, as the pattern makes it.</summary>
    public static Event PlainOccurrence(Event master, ItemTime originalStart)
    {
        var duration = master.End is { } end ? end.Value - master.Start.Value : TimeSpan.Zero;
        return master with
        {
            Uid = null,
            Recurrence = null,
            RecurrenceDates = ValueList<ItemTime>.Empty,
            DeletedOccurrences = ValueList<ItemTime>.Empty,
            Exceptions = ValueList<EventException>.Empty,
            Start = originalStart,
            End = master.End is null ? null : originalStart with { Value = originalStart.Value + duration },
        };
    }

    /// <summary>Whether an exception read from the server holds nothing but the pattern's own values.</summary>
    public static bool IsPlain(Event master, ItemTime originalStart, Event occurrence)
    {
        var plain = PlainOccurrence(master, originalStart);
        var read = occurrence with { Uid = null, Extras = ValueList<ExtraProperty>.Empty };
        if (IsFloating(master))
        {
            read = Floating(read);
            plain = Floating(plain);
        }
        return ItemJson.Serialize(ItemNormalizer.Normalize(plain)) == ItemJson.Serialize(ItemNormalizer.Normalize(read));
    }

    private static ItemTime Float(ItemTime t) => t.IsUtc ? ItemTime.Floating(t.Value) : t;

    /// <summary>
    /// 16 hex digits of SHA-256 over the HTML's visible text (tags, scripts and styles removed, entities decoded,
    /// whitespace collapsed): Exchange rewrites the markup of an HTML body it stores, not what it shows.
    /// </summary>
    public static string Fingerprint(string html)
    {
        var text = Tags().Replace(Hidden().Replace(html, " "), " ");
        text = Spaces().Replace(WebUtility.HtmlDecode(text), " ").Trim();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 8));
    }

    [GeneratedRegex(@"<(script|style|head)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Hidden();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.Singleline)]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
