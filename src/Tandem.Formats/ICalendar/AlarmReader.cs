using Tandem.Formats.ContentLines;

namespace Tandem.Formats.ICalendar;

/// <summary>A VALARM's trigger: either an offset from the start (or end) or an absolute UTC time.</summary>
internal readonly record struct AlarmTrigger(TimeSpan? Offset, bool RelatedToEnd, DateTime? AbsoluteUtc);

internal static class AlarmReader
{
    /// <summary>The trigger of a reminder-style alarm (DISPLAY or AUDIO, or no ACTION); null for e-mail alarms or unreadable triggers.</summary>
    public static AlarmTrigger? Read(CalendarComponent alarm, ReadContext context)
    {
        if (alarm.First("ACTION") is { } action && !action.ValueIs("DISPLAY") && !action.ValueIs("AUDIO")) return null;
        if (alarm.First("TRIGGER") is not { } trigger) return null;
        Span<char> buffer = stackalloc char[64];
        var value = trigger.Chars(buffer).Trim();
        if (trigger.HasParamValue("VALUE", "DATE-TIME") || (value.Length >= 15 && char.IsAsciiDigit(value[0])))
        {
            if (!ICalTimeText.TryParse(value, out var t) || t.IsDate) return null;
            var time = context.Zones.Convert(t, trigger.Param("TZID"));
            return new AlarmTrigger(null, false, time.ToInstant().UtcDateTime);
        }
        if (!DurationText.TryParse(value, out var offset)) return null;
        return new AlarmTrigger(offset, trigger.HasParamValue("RELATED", "END"), null);
    }

    public static void WriteRelative(ContentLineWriter writer, TimeSpan offset)
    {
        writer.Write("BEGIN", null, "VALARM");
        writer.Write("ACTION", null, "DISPLAY");
        writer.Write("DESCRIPTION", null, "Reminder");
        writer.Write("TRIGGER", null, DurationText.Format(offset));
        writer.Write("END", null, "VALARM");
    }

    public static void WriteAbsolute(ContentLineWriter writer, DateTime utc)
    {
        writer.Write("BEGIN", null, "VALARM");
        writer.Write("ACTION", null, "DISPLAY");
        writer.Write("DESCRIPTION", null, "Reminder");
        writer.Write("TRIGGER", [new ContentParameter("VALUE", "DATE-TIME")], ICalTimeText.FormatDateTime(utc, utc: true));
        writer.Write("END", null, "VALARM");
    }
}
