using System.Globalization;
using System.Xml.Linq;
using Tandem.Connectors.Ews.Protocol;
using Tandem.Core.Items;

namespace Tandem.Connectors.Ews.Mapping;

/// <summary>
/// TaskItem ↔ t:Task. Outlook task dates are dates; a date-only model time is written as midnight UTC
/// and read back as a date, a zoned time as its UTC instant.
/// </summary>
internal static class TaskMapper
{
    public static IEnumerable<ItemField> ToFields(TaskItem t)
    {
        yield return ItemField.Uri("item:Subject", "Subject", t.Subject);
        yield return ItemField.Uri("item:Sensitivity", "Sensitivity", t.IsPrivate ? "Private" : "Normal");
        yield return ItemField.Uri("item:Body", EwsValues.TextBody(t.Body));
        yield return ItemField.Uri("item:Categories", EwsValues.Categories(t.Categories));
        yield return ItemField.Uri("item:Importance", "Importance", t.Priority.ToString());
        yield return ItemField.Uri("item:ReminderDueBy", "ReminderDueBy", t.ReminderTime is { } r ? EwsValues.Utc(r) : null);
        yield return ItemField.Uri("item:ReminderIsSet", "ReminderIsSet", t.ReminderTime is null ? "false" : "true");
        yield return ItemField.Uri("task:CompleteDate", "CompleteDate", t.Completed is { } c ? EwsValues.Utc(c) : null);
        yield return ItemField.Uri("task:DueDate", "DueDate", Write(t.Due));
        yield return ItemField.Uri("task:PercentComplete", "PercentComplete", t.PercentComplete.ToString(CultureInfo.InvariantCulture));
        var anchor = t.Start ?? t.Due;
        yield return ItemField.Uri("task:Recurrence", t.Recurrence is { } rule && anchor is not null
            ? RecurrenceMapper.ToXml(rule, DateOnly.FromDateTime(anchor.Value))
            : null);
        yield return ItemField.Uri("task:StartDate", "StartDate", Write(t.Start));
        yield return ItemField.Uri("task:Status", "Status", t.Status.ToString());
    }

    public static TaskItem FromXml(XElement x)
    {
        var start = Read(x.Text("StartDate"));
        var due = Read(x.Text("DueDate"));
        var reminderSet = x.Bool("ReminderIsSet") ?? false;
        var percent = double.TryParse(x.Text("PercentComplete"), NumberStyles.Float, CultureInfo.InvariantCulture, out var p) ? (int)Math.Round(p) : 0;
        return new TaskItem
        {
            Subject = x.Text("Subject"),
            IsPrivate = x.Text("Sensitivity") is "Private" or "Confidential",
            Body = EwsValues.ReadBody(x, out _),
            Categories = EwsValues.ReadCategories(x),
            Priority = EwsValues.ParseEnum(x.Text("Importance"), Importance.Normal),
            ReminderTime = reminderSet ? EwsValues.ParseInstant(x.Text("ReminderDueBy"))?.UtcDateTime is { } rt ? DateTime.SpecifyKind(rt, DateTimeKind.Unspecified) : null : null,
            Completed = EwsValues.ParseInstant(x.Text("CompleteDate"))?.UtcDateTime is { } cd ? DateTime.SpecifyKind(cd, DateTimeKind.Unspecified) : null,
            Due = due,
            Start = start,
            PercentComplete = percent,
            Recurrence = RecurrenceMapper.FromXml(x.TChild("Recurrence"), ItemTime.Date),
            Status = EwsValues.ParseEnum(x.Text("Status"), TaskItemStatus.NotStarted),
        };
    }

    private static string? Write(ItemTime? time) => time switch
    {
        null => null,
        { IsFloating: true } => EwsValues.Utc(DateTime.SpecifyKind(time.Value, DateTimeKind.Utc)),
        _ => EwsValues.Utc(time.ToInstant()),
    };

    private static ItemTime? Read(string? text)
    {
        if (EwsValues.ParseInstant(text) is not { } instant) return null;
        var utc = instant.UtcDateTime;
        return utc.TimeOfDay == TimeSpan.Zero ? ItemTime.Date(DateOnly.FromDateTime(utc)) : ItemTime.FromUtc(utc);
    }
}
