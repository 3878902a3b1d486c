using System.Globalization;
using Tandem.Core.Items;
using Tandem.Formats.ContentLines;

namespace Tandem.Formats.ICalendar;

/// <summary>One VTODO → <see cref="TaskItem"/>.</summary>
internal static class TodoReader
{
    public static TaskItem Read(CalendarComponent c, ReadContext context)
    {
        string? uid = null, subject = null, body = null;
        ItemTime? start = null, due = null;
        var startIsDate = false;
        DateTime? completed = null;
        TaskItemStatus status = TaskItemStatus.NotStarted;
        TaskItemStatus? tandemStatus = null;
        var percent = 0;
        Importance priority = Importance.Normal;
        var isPrivate = false;
        ContentLine? rruleLine = null, durationLine = null;
        var categories = new List<string>();
        var extras = new List<ExtraProperty>();

        foreach (var p in c.Properties)
        {
            switch (p.Name)
            {
                case "UID": uid = p.RawValue.Trim(); break;
                case "SUMMARY": subject = ReadContext.Text(p); break;
                case "DESCRIPTION" when body is null: body = ReadContext.Text(p); break;
                case "DTSTART": (start, startIsDate) = context.Zones.Read(p); break;
                case "DUE": due = context.Zones.Read(p).Time; break;
                case "DURATION": durationLine = p; break;
                case "COMPLETED": completed = DateTime.SpecifyKind(context.Zones.Read(p).Time.ToInstant().UtcDateTime, DateTimeKind.Unspecified); break;
                case "STATUS":
                    status = PropertyMaps.TaskStatusFromIcal(p.RawValue);
                    if (PropertyMaps.IcalFromTaskStatus(status) != p.RawValue.Trim().ToUpperInvariant()) extras.Add(KeptValues.Keep(p));
                    break;
                case PropertyMaps.TaskStatusProperty when PropertyMaps.TaskStatusFromTandem(p.RawValue) is { } s: tandemStatus = s; break;
                case "PERCENT-COMPLETE" when int.TryParse(p.RawValue.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pc):
                    percent = Math.Clamp(pc, 0, 100);
                    break;
                case "PRIORITY" when PropertyMaps.ImportanceFromPriority(p.RawValue) is { } i:
                    priority = i;
                    if (PropertyMaps.PriorityFromImportance(i) != p.RawValue.Trim()) extras.Add(KeptValues.Keep(p));
                    break;
                case "PRIORITY" when p.RawValue.Trim() == "0": break;
                case "CLASS": isPrivate = PropertyMaps.SensitivityFromClass(p.RawValue) != Sensitivity.Normal; break;
                case "CATEGORIES": ReadContext.AddCategories(categories, p); break;
                case "RRULE" when rruleLine is null: rruleLine = p; break;
                default:
                    if (!ReadContext.IsNoise(p.Name)) extras.Add(ReadContext.Extra(p));
                    break;
            }
        }

        if (due is null && start is not null && durationLine is not null && DurationText.TryParse(durationLine.RawValue, out var duration))
            due = new ItemTime(start.Value + duration, start.TimeZone);
        else if (durationLine is not null)
            extras.Add(ReadContext.Extra(durationLine));

        RecurrenceRule? rule = null;
        if (rruleLine is not null)
        {
            var anchor = start ?? due;
            if (anchor is not null && RecurrenceRuleText.TryParse(rruleLine.RawValue, out var parsed, out var until, out _))
                rule = until is { } u ? parsed with { Until = EventReader.UntilFor(u, anchor, start is not null ? startIsDate : IsMidnightFloating(anchor)) } : parsed;
            else
                extras.Add(ReadContext.Extra(rruleLine));
        }

        DateTime? reminder = null;
        foreach (var child in c.Children)
        {
            if (child.Name == "VALARM" && reminder is null && AlarmReader.Read(child, context) is { } trigger)
            {
                reminder = ReminderTime(trigger, start, due);
                if (reminder is not null) continue;
            }
            extras.Add(ReadContext.Extra(child));
        }

        return new TaskItem
        {
            Uid = uid,
            Subject = subject,
            Body = body,
            Start = start,
            Due = due,
            Completed = completed,
            Status = tandemStatus ?? status,
            PercentComplete = percent,
            Priority = priority,
            IsPrivate = isPrivate,
            Recurrence = rule,
            ReminderTime = reminder,
            Categories = categories.ToValueList(),
            Extras = extras.ToValueList(),
        };
    }

    private static bool IsMidnightFloating(ItemTime t) => t.IsFloating && t.Value.TimeOfDay == TimeSpan.Zero;

    /// <summary>Tasks hold an absolute reminder; a relative trigger is anchored on DTSTART, or DUE when RELATED=END.</summary>
    private static DateTime? ReminderTime(AlarmTrigger trigger, ItemTime? start, ItemTime? due)
    {
        if (trigger.AbsoluteUtc is { } absolute) return DateTime.SpecifyKind(absolute, DateTimeKind.Unspecified);
        if (trigger.Offset is not { } offset) return null;
        var anchor = trigger.RelatedToEnd ? due ?? start : start ?? due;
        return anchor is null ? null : DateTime.SpecifyKind((anchor.ToInstant() + offset).UtcDateTime, DateTimeKind.Unspecified);
    }
}
