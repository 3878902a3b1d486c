using Tandem.Core.Items;
using Tandem.Formats.ContentLines;

namespace Tandem.Formats.ICalendar;

/// <summary>What a component reader needs besides the component: the file name for errors and the calendar's zones.</summary>
internal sealed class ReadContext(string? fileName, ZoneTable zones)
{
    /// <summary>Store noise: changes on every save, says nothing about the item, never reaches the model.</summary>
    private static readonly HashSet<string> Noise = ["DTSTAMP", "LAST-MODIFIED", "SEQUENCE", "CREATED", "PRODID"];

    public string? FileName { get; } = fileName;

    public ZoneTable Zones { get; } = zones;

    public static bool IsNoise(string name) => Noise.Contains(name);

    public static string Text(ContentLine line) => TextValue.Unescape(line.RawValue);

    public static void AddCategories(List<string> categories, ContentLine line)
    {
        foreach (var part in TextValue.SplitUnescaped(line.RawValue, ','))
        {
            var value = TextValue.Unescape(part).Trim();
            if (value.Length > 0) categories.Add(value);
        }
    }

    public static ExtraProperty Extra(ContentLine line) => new(line.Name, line.ToUnfoldedLine());

    /// <summary>An unknown sub-component kept whole: its unfolded lines joined by LF (content lines never contain one).</summary>
    public static ExtraProperty Extra(CalendarComponent component) => new(component.Name, string.Join('\n', component.ToUnfoldedLines()));

    public static bool IsEmptyAddress(ContentLine line)
    {
        var address = line.RawValue.Trim();
        return address.Length == 0 || address.Equals("mailto:", StringComparison.OrdinalIgnoreCase);
    }

    public static Attendee ReadAttendee(ContentLine line)
    {
        var address = line.RawValue.Trim();
        if (address.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)) address = address[7..];
        var name = line.Param("CN");
        return new Attendee(
            address,
            string.IsNullOrEmpty(name) ? null : name,
            PropertyMaps.RoleFromIcal(line.Param("ROLE"), line.Param("CUTYPE")),
            PropertyMaps.ResponseFromPartstat(line.Param("PARTSTAT")));
    }

    public FormatParseException Error(ContentLine line, string reason) => new(FileName, line.LineNumber, reason);

    public FormatParseException Error(CalendarComponent component, string reason) => new(FileName, component.Line, reason);
}
