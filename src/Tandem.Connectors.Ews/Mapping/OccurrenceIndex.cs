using Tandem.Core.Items;
using Tandem.Core.Recurrence;

namespace Tandem.Connectors.Ews.Mapping;

/// <summary>
/// EWS addresses one occurrence of a series by its 1-based InstanceIndex in the unmodified pattern;
/// the model by its original start. This expands the pattern to translate one into the other.
/// </summary>
internal static class OccurrenceIndex
{
    /// <summary>Patterns longer than this are not searched (Outlook itself caps series well below).</summary>
    private const int MaxInstances = 10_000;

    public static int? Of(Event master, ItemTime originalStart)
    {
        if (master.Recurrence is null) return null;
        var target = EwsTimeZones.ToInstant(originalStart);
        var index = 0;
        foreach (var start in RecurrenceExpander.Starts(master.Recurrence, master.Start))
        {
            index++;
            if (index > MaxInstances) return null;
            var instant = EwsTimeZones.ToInstant(start);
            if (master.IsAllDay ? start.Value.Date == originalStart.Value.Date : instant == target) return index;
            if (!master.IsAllDay && instant > target) return null;
            if (master.IsAllDay && start.Value.Date > originalStart.Value.Date) return null;
        }
        return null;
    }
}
