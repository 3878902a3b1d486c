using System.Globalization;
using Tandem.Core.Items;

namespace Tandem.Formats.ICalendar;

/// <summary><see cref="TaskItem"/> → VTODO.</summary>
internal static class TodoWriter
{
    private static readonly HashSet<string> Owned =
    [
        "UID", "DTSTAMP", "DTSTART", "DUE", "DURATION", "COMPLETED", "SUMMARY", "STATUS", PropertyMaps.TaskStatusProperty,
        "PERCENT-COMPLETE", "PRIORITY", "CLASS", "CATEGORIES", "BEGIN", "END", "VERSION", "LAST-MODIFIED", "SEQUENCE",
        "CREATED", "PRODID",
    ];

    public static void Write(WriteContext w, TaskItem t, string uid)
    {
        w.Raw("BEGIN", "VTODO");
        w.Raw("UID", uid);
        w.Raw("DTSTAMP", w.Stamp);
        if (t.Start is not null) w.Time("DTSTART", t.Start, IsDate(t.Start));
        if (t.Due is not null) w.Time("DUE", t.Due, IsDate(t.Due));
        if (t.Completed is { } completed) w.Raw("COMPLETED", ICalTimeText.FormatDateTime(completed, utc: true));
        w.Text("SUMMARY", t.Subject);
        w.Text("DESCRIPTION", t.Body);
        w.Raw("STATUS", KeptValues.Get(t.Extras, "STATUS", v => PropertyMaps.TaskStatusFromIcal(v) == t.Status) ?? PropertyMaps.IcalFromTaskStatus(t.Status));
        w.Raw(PropertyMaps.TaskStatusProperty, PropertyMaps.TandemFromTaskStatus(t.Status));
        if (t.PercentComplete != 0) w.Raw("PERCENT-COMPLETE", t.PercentComplete.ToString(CultureInfo.InvariantCulture));
        w.Raw("PRIORITY", KeptValues.Get(t.Extras, "PRIORITY", v => PropertyMaps.ImportanceFromPriority(v) == t.Priority) ?? PropertyMaps.PriorityFromImportance(t.Priority));
        if (t.IsPrivate) w.Raw("CLASS", "PRIVATE");
        w.Categories(t.Categories);
        var anchor = t.Start ?? t.Due;
        if (t.Recurrence is { } rule && anchor is not null) w.Rule(rule, anchor, IsDate(anchor));

        var owned = new HashSet<string>(Owned);
        if (t.Recurrence is not null && anchor is not null) owned.Add("RRULE");
        if (t.Body is not null) owned.Add("DESCRIPTION");
        w.Extras(t.Extras, owned);
        if (t.ReminderTime is { } reminder) AlarmReader.WriteAbsolute(w.Writer, reminder);
        w.Raw("END", "VTODO");
    }

    /// <summary>Outlook tasks are dated, not timed: a floating midnight is written as a DATE (and reads back the same).</summary>
    private static bool IsDate(ItemTime t) => t.IsFloating && t.Value.TimeOfDay == TimeSpan.Zero;
}
