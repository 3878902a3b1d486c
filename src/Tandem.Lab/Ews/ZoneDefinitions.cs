using System.Collections.Concurrent;
using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Ews;

/// <summary>
/// A t:TimeZoneDefinition a client sends in StartTimeZone/EndTimeZone (Exchange 2010 and later accept a zone the server
/// has no id for as its rules): periods (Bias = UTC minus local time), transitions groups (one transition to a period,
/// or two recurring ones between standard and daylight time) and the transitions saying from when each group holds (the
/// first to group 0, then AbsoluteDateTransitions). Exchange checks the definition when the item is written
/// (ErrorTimeZone) and expands the item's series by it; the lab does both.
/// </summary>
internal static class ZoneDefinitions
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Built = new(StringComparer.Ordinal);

    /// <summary>Whether a StartTimeZone/EndTimeZone carries rules rather than only an Id.</summary>
    public static bool HasRules(XElement? zone) => zone?.Element(Ns.T + "Periods") is not null;

    /// <summary>The zone a series of <paramref name="item"/> is expanded in: its StartTimeZone's rules, else its id, else UTC.</summary>
    public static TimeZoneInfo Of(LabItem item)
    {
        var start = item.Props.GetValueOrDefault("StartTimeZone");
        return HasRules(start) ? Build(start!) : RecurrenceExpander.Zone(Occurrences.ZoneId(item));
    }

    /// <summary>The zone a definition describes; ErrorTimeZone when it is not one Exchange would take.</summary>
    public static TimeZoneInfo Build(XElement definition) => Built.GetOrAdd(definition.ToString(SaveOptions.DisableFormatting), _ => Create(definition));

    private static TimeZoneInfo Create(XElement definition)
    {
        try
        {
            var periods = definition.Element(Ns.T + "Periods")!.Elements(Ns.T + "Period")
                .ToDictionary(p => Required(p, "Id"), p => -XmlConvert.ToTimeSpan(Required(p, "Bias")), StringComparer.Ordinal);
            var groups = definition.Element(Ns.T + "TransitionsGroups")?.Elements(Ns.T + "TransitionsGroup")
                .ToDictionary(g => Required(g, "Id"), g => g.Elements().ToList(), StringComparer.Ordinal) ?? [];
            var transitions = definition.Element(Ns.T + "Transitions")?.Elements().ToList() ?? [];
            if (periods.Count == 0 || transitions.Count == 0) throw Invalid("it has no periods or no transitions");
            if (transitions[0].Name.LocalName != "Transition") throw Invalid("its first transition is not a t:Transition");

            var segments = new List<(DateTime From, Segment Rule)>();
            foreach (var t in transitions)
            {
                var to = t.Element(Ns.T + "To") ?? throw Invalid("a transition has no To");
                var from = t.Name.LocalName switch
                {
                    "Transition" when segments.Count == 0 => DateTime.MinValue,
                    "AbsoluteDateTransition" => XmlConvert.ToDateTime(t.Element(Ns.T + "DateTime")?.Value ?? "", XmlDateTimeSerializationMode.Unspecified),
                    _ => throw Invalid($"t:{t.Name.LocalName} cannot follow the first transition"),
                };
                if (segments.Count > 0 && from.Date <= segments[^1].From) throw Invalid("its transitions are not in date order");
                var rule = (string?)to.Attribute("Kind") == "Group"
                    ? Group(groups.GetValueOrDefault(to.Value) ?? throw Invalid($"group '{to.Value}' is not defined"), periods)
                    : new Segment(Offset(periods, to.Value), TimeSpan.Zero, null, null);
                segments.Add((from.Date, rule));
            }

            var baseOffset = segments[^1].Rule.Standard;
            var rules = new List<TimeZoneInfo.AdjustmentRule>();
            for (var i = 0; i < segments.Count; i++)
            {
                var (from, r) = segments[i];
                var to = i + 1 < segments.Count ? segments[i + 1].From.AddDays(-1) : DateTime.MaxValue.Date;
                rules.Add(r.Start is { } start && r.End is { } end
                    ? TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(from, to, r.Delta, start, end, r.Standard - baseOffset)
                    : TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(from, to, TimeSpan.Zero,
                        TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1), 1, 1),
                        TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1, 0, 0, 0, 1), 1, 1), r.Standard - baseOffset));
            }

            var id = (string?)definition.Attribute("Id") ?? "Custom";
            return TimeZoneInfo.CreateCustomTimeZone(id, baseOffset, (string?)definition.Attribute("Name") ?? id, "Standard", "Daylight", [.. rules]);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException or InvalidTimeZoneException)
        {
            throw Invalid(ex.Message);
        }
    }

    private static Segment Group(List<XElement> transitions, Dictionary<string, TimeSpan> periods)
    {
        var targets = transitions.Select(t => Offset(periods, t.Element(Ns.T + "To")?.Value ?? "")).ToList();
        if (transitions.Count == 1 && transitions[0].Name.LocalName == "Transition") return new Segment(targets[0], TimeSpan.Zero, null, null);
        if (transitions.Count != 2 || transitions.Any(t => t.Name.LocalName is not ("RecurringDayTransition" or "RecurringDateTransition")))
            throw Invalid("a transitions group holds one t:Transition or two recurring transitions");
        var daylight = targets[0] > targets[1] ? 0 : 1;
        var standard = 1 - daylight;
        return new Segment(targets[standard], targets[daylight] - targets[standard], When(transitions[daylight]), When(transitions[standard]));
    }

    private static TimeZoneInfo.TransitionTime When(XElement t)
    {
        var time = new DateTime(1, 1, 1).Add(XmlConvert.ToTimeSpan(t.Element(Ns.T + "TimeOffset")!.Value));
        var month = int.Parse(t.Element(Ns.T + "Month")!.Value, CultureInfo.InvariantCulture);
        if (t.Name.LocalName == "RecurringDateTransition")
            return TimeZoneInfo.TransitionTime.CreateFixedDateRule(time, month, int.Parse(t.Element(Ns.T + "Day")!.Value, CultureInfo.InvariantCulture));
        var occurrence = int.Parse(t.Element(Ns.T + "Occurrence")!.Value, CultureInfo.InvariantCulture);
        var day = Enum.Parse<DayOfWeek>(t.Element(Ns.T + "DayOfWeek")!.Value);
        return TimeZoneInfo.TransitionTime.CreateFloatingDateRule(time, month, occurrence == -1 ? 5 : occurrence, day);
    }

    private static TimeSpan Offset(Dictionary<string, TimeSpan> periods, string id) =>
        periods.TryGetValue(id, out var offset) ? offset : throw Invalid($"period '{id}' is not defined");

    private static string Required(XElement e, string attribute) => (string?)e.Attribute(attribute) ?? throw Invalid($"t:{e.Name.LocalName} has no {attribute}");

    private static EwsException Invalid(string why) => new("ErrorTimeZone", $"The time zone definition is invalid or unsupported: {why}.");

    private sealed record Segment(TimeSpan Standard, TimeSpan Delta, TimeZoneInfo.TransitionTime? Start, TimeZoneInfo.TransitionTime? End);
}
