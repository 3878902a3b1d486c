using System.Globalization;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions.Serialization;
using Tandem.Core.Connectors;
using Tandem.Core.Items;
using CoreImportance = Tandem.Core.Items.Importance;
using RemoteItem = Tandem.Core.Connectors.RemoteItem;

namespace Tandem.Connectors.Graph.Mapping;

/// <summary>
/// TaskItem ↔ To Do's todoTask. To Do has no single-value extended properties to rely on (the docs name open extensions
/// for it), no percent complete and no sensitivity: Tandem's stamp and those two fields travel in one open extension of a
/// fixed name (each extension name is a named property of the mailbox, a finite quota: never names made from data).
/// Task dates are dates: a date is written as midnight UTC and midnight reads back as a date, as over EWS.
/// </summary>
internal static class GraphTaskMapper
{
    /// <summary>Tandem's one open extension (reverse DNS, as Microsoft asks; never com.microsoft).</summary>
    public const string ExtensionName = "org.tandem.sync";

    private const string WallClock = "yyyy-MM-dd'T'HH:mm:ss";

    public static TodoTask ToGraph(TaskItem t, bool withExtension, ItemStamp? stamp)
    {
        var anchor = t.Start ?? t.Due;
        var g = new TodoTask
        {
            Title = t.Subject ?? "",
            Body = new ItemBody { ContentType = BodyType.Text, Content = t.Body ?? "" },
            Importance = t.Priority switch { CoreImportance.Low => Microsoft.Graph.Models.Importance.Low, CoreImportance.High => Microsoft.Graph.Models.Importance.High, _ => Microsoft.Graph.Models.Importance.Normal },
            Status = t.Status switch
            {
                TaskItemStatus.InProgress => Microsoft.Graph.Models.TaskStatus.InProgress,
                TaskItemStatus.Completed => Microsoft.Graph.Models.TaskStatus.Completed,
                TaskItemStatus.WaitingOnOthers => Microsoft.Graph.Models.TaskStatus.WaitingOnOthers,
                TaskItemStatus.Deferred => Microsoft.Graph.Models.TaskStatus.Deferred,
                _ => Microsoft.Graph.Models.TaskStatus.NotStarted,
            },
            StartDateTime = Time(t.Start),
            DueDateTime = Time(t.Due),
            CompletedDateTime = t.Completed is { } c ? Utc(c) : null,
            IsReminderOn = t.ReminderTime is not null,
            ReminderDateTime = t.ReminderTime is { } r ? Utc(r) : null,
            Recurrence = t.Recurrence is { } rule && anchor is not null ? GraphRecurrence.ToGraph(rule, DateOnly.FromDateTime(anchor.Value), "UTC") : null,
            Categories = t.Categories.ToList(),
        };
        if (withExtension)
        {
            g.Extensions = [Extension(t, stamp)];
        }

        return g;
    }

    public static OpenTypeExtension Extension(TaskItem t, ItemStamp? stamp)
    {
        var data = new Dictionary<string, object>
        {
            ["percentComplete"] = t.PercentComplete,
            ["isPrivate"] = t.IsPrivate,
        };
        if (stamp is not null)
        {
            data["group"] = stamp.GroupId;
            data["logicalId"] = stamp.LogicalId;
            data["intent"] = stamp.IntentKey;
        }

        return new OpenTypeExtension { ExtensionName = ExtensionName, AdditionalData = data };
    }

    public static RemoteItem ToRemote(TodoTask g)
    {
        var x = (g.Extensions ?? []).FirstOrDefault(e => e is OpenTypeExtension o && o.ExtensionName == ExtensionName || e.Id == ExtensionName)?.AdditionalData
            ?? new Dictionary<string, object>();
        string? X(string key) => x.TryGetValue(key, out var v) ? Value(v) : null;
        var status = g.Status switch
        {
            Microsoft.Graph.Models.TaskStatus.InProgress => TaskItemStatus.InProgress,
            Microsoft.Graph.Models.TaskStatus.Completed => TaskItemStatus.Completed,
            Microsoft.Graph.Models.TaskStatus.WaitingOnOthers => TaskItemStatus.WaitingOnOthers,
            Microsoft.Graph.Models.TaskStatus.Deferred => TaskItemStatus.Deferred,
            _ => TaskItemStatus.NotStarted,
        };
        var percent = int.TryParse(X("percentComplete"), CultureInfo.InvariantCulture, out var p) ? p : 0;
        var task = new TaskItem
        {
            Subject = Text(g.Title),
            Body = Text(g.Body?.Content),
            Priority = g.Importance switch { Microsoft.Graph.Models.Importance.Low => CoreImportance.Low, Microsoft.Graph.Models.Importance.High => CoreImportance.High, _ => CoreImportance.Normal },
            Status = status,
            // Ticked off in To Do, which knows no percentage: done is 100 %.
            PercentComplete = status == TaskItemStatus.Completed ? 100 : percent,
            Start = Read(g.StartDateTime),
            Due = Read(g.DueDateTime),
            Completed = Instant(g.CompletedDateTime),
            ReminderTime = g.IsReminderOn == true ? Instant(g.ReminderDateTime) : null,
            Recurrence = GraphRecurrence.FromGraph(g.Recurrence, ItemTime.Date),
            IsPrivate = string.Equals(X("isPrivate"), "true", StringComparison.OrdinalIgnoreCase),
            Categories = (g.Categories ?? []).Select(Text).OfType<string>().ToValueList(),
        };
        // An update's stamp is a second request after its content (the extension cannot be patched with the task), so the
        // revision it names may be one behind what the task holds: read without it, the engine does not judge by it
        ItemStamp? stamp = X("group") is { Length: > 0 } group && X("logicalId") is { Length: > 0 } logical ? new ItemStamp(group, logical, X("intent") ?? "").WithoutRevision() : null;
        var etag = g.AdditionalData.TryGetValue("@odata.etag", out var e) ? Value(e) : null;
        return new RemoteItem(g.Id!, etag ?? "", task, stamp, g.LastModifiedDateTime);
    }

    /// <summary>An additional-data value as text, whatever form the serializer handed it in.</summary>
    public static string? Value(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        UntypedString s => s.GetValue(),
        UntypedBoolean b => b.GetValue() ? "true" : "false",
        UntypedInteger i => i.GetValue().ToString(CultureInfo.InvariantCulture),
        UntypedLong l => l.GetValue().ToString(CultureInfo.InvariantCulture),
        UntypedDouble d => d.GetValue().ToString(CultureInfo.InvariantCulture),
        UntypedDecimal d => d.GetValue().ToString(CultureInfo.InvariantCulture),
        UntypedFloat f => f.GetValue().ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static DateTimeTimeZone? Time(ItemTime? t) => t switch
    {
        null => null,
        { IsFloating: true } => new DateTimeTimeZone { DateTime = t.Value.ToString(WallClock, CultureInfo.InvariantCulture), TimeZone = "UTC" },
        _ => Utc(t.ToInstant().UtcDateTime),
    };

    private static DateTimeTimeZone Utc(DateTime utc) => new() { DateTime = utc.ToString(WallClock, CultureInfo.InvariantCulture), TimeZone = "UTC" };

    private static DateTime? Instant(DateTimeTimeZone? value)
    {
        if (value?.DateTime is not { } text || !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wall)) return null;
        var utc = new ItemTime(DateTime.SpecifyKind(wall, DateTimeKind.Unspecified), Core.TimeZones.ExchangeZones.ToIana(value.TimeZone)).ToInstant().UtcDateTime;
        return DateTime.SpecifyKind(utc, DateTimeKind.Unspecified);
    }

    private static ItemTime? Read(DateTimeTimeZone? value)
    {
        if (Instant(value) is not { } utc) return null;
        return utc.TimeOfDay == TimeSpan.Zero ? ItemTime.Date(DateOnly.FromDateTime(utc)) : ItemTime.FromUtc(utc);
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
