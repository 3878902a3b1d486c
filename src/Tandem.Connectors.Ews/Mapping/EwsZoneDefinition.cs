using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Tandem.Connectors.Ews.Protocol;
using Tandem.Core.TimeZones;

namespace Tandem.Connectors.Ews.Mapping;

/// <summary>
/// StartTimeZone/EndTimeZone. A zone Windows has an id for travels by Id alone. A zone only a file's VTIMEZONE
/// describes travels as its rules (Exchange 2010 and later take a whole t:TimeZoneDefinition): a period per offset, a
/// transitions group per stretch of years with the same rules (two recurring transitions, or one to standard time), and
/// the transitions saying from which year each group holds — the shape Exchange itself gives zones whose rules changed.
/// So Exchange expands a series in the zone's own rules and its occurrences keep their wall time across DST; the zone
/// is never replaced by UTC or a fixed offset.
/// </summary>
internal static class EwsZoneDefinition
{
    public static XElement Element(string name, string? zone, int year)
    {
        if (!ExchangeZones.IsCustom(zone)) return X.T(name, new XAttribute("Id", EwsTimeZones.ToWindows(zone)));
        var tzid = ExchangeZones.CustomName(zone!);
        var rules = ExchangeZones.CustomRules(zone!, year);
        var periods = new Dictionary<(bool Daylight, TimeSpan Offset), string>();
        string Period(bool daylight, TimeSpan offset)
        {
            if (!periods.TryGetValue((daylight, offset), out var id))
                periods[(daylight, offset)] = id = $"{(daylight ? "Daylight" : "Standard")}/{Offset(offset)}";
            return id;
        }

        var groups = rules.Select((r, i) => X.T("TransitionsGroup", new XAttribute("Id", Str(i)), r.HasDaylight
            ? new object[] { Recurring(r.DaylightStart, Period(true, r.Daylight)), Recurring(r.DaylightEnd, Period(false, r.Standard)) }
            : [X.T("Transition", To("Period", Period(false, r.Standard)))])).ToList();
        var transitions = rules.Select((r, i) => i == 0
            ? X.T("Transition", To("Group", "0"))
            : X.T("AbsoluteDateTransition", To("Group", Str(i)), X.T("DateTime", $"{r.FromYear:0000}-01-01T00:00:00")));
        return X.T(name, new XAttribute("Id", tzid), new XAttribute("Name", tzid),
            X.T("Periods", periods.Select(p => X.T("Period",
                new XAttribute("Bias", XmlConvert.ToString(-p.Key.Offset)), new XAttribute("Name", p.Key.Daylight ? "Daylight" : "Standard"), new XAttribute("Id", p.Value)))),
            X.T("TransitionsGroups", groups),
            X.T("Transitions", transitions));
    }

    /// <summary>
    /// The model zone of a StartTimeZone/EndTimeZone: by its Id when Windows knows it, else by its rules (what Exchange
    /// answers for a zone written as rules), else UTC.
    /// </summary>
    public static string Read(XElement? element, string? idOnly, int year)
    {
        var id = (string?)element?.Attribute("Id") ?? idOnly;
        if (element?.TChild("Periods") is null || (id is not null && TimeZoneResolver.ResolveIanaId(id) is not null)) return EwsTimeZones.ToIana(id);
        var name = id ?? (string?)element.Attribute("Name") ?? "Custom";
        return ExchangeZones.FromRules(name, Rules(element), year);
    }

    private static List<ZoneYearRule> Rules(XElement definition)
    {
        var periods = definition.TChild("Periods")!.Elements(Ns.T + "Period")
            .ToDictionary(p => Attr(p, "Id"), p => -XmlConvert.ToTimeSpan(Attr(p, "Bias")), StringComparer.Ordinal);
        var groups = definition.TChild("TransitionsGroups")?.Elements(Ns.T + "TransitionsGroup")
            .ToDictionary(g => Attr(g, "Id"), g => g.Elements().ToList(), StringComparer.Ordinal) ?? [];
        var rules = new List<ZoneYearRule>();
        foreach (var t in definition.TChild("Transitions")?.Elements() ?? [])
        {
            var target = t.TChild("To") ?? throw new FormatException("a time zone transition without To");
            var year = t.Name.LocalName == "AbsoluteDateTransition"
                ? XmlConvert.ToDateTime(t.Text("DateTime") ?? "", XmlDateTimeSerializationMode.Unspecified).Year
                : 1;
            rules.Add((string?)target.Attribute("Kind") == "Period"
                ? new ZoneYearRule(year, PeriodOffset(periods, target.Value), TimeSpan.Zero, default, default)
                : Group(year, groups.GetValueOrDefault(target.Value) ?? throw new FormatException($"time zone group '{target.Value}' is not defined"), periods));
        }
        if (rules.Count == 0 && groups.Count == 1) rules.Add(Group(1, groups.Values.Single(), periods));
        if (rules.Count == 0) throw new FormatException("a time zone definition without transitions");
        return rules;
    }

    private static ZoneYearRule Group(int year, List<XElement> transitions, Dictionary<string, TimeSpan> periods)
    {
        var targets = transitions.Select(t => PeriodOffset(periods, t.TChild("To")?.Value ?? "")).ToList();
        if (transitions.Count == 1) return new ZoneYearRule(year, targets[0], TimeSpan.Zero, default, default);
        if (transitions.Count != 2) throw new FormatException($"a time zone transitions group with {transitions.Count} transitions");
        var daylight = targets[0] > targets[1] ? 0 : 1;
        var standard = 1 - daylight;
        return new ZoneYearRule(year, targets[standard], targets[daylight] - targets[standard], When(transitions[daylight]), When(transitions[standard]));
    }

    private static TimeZoneInfo.TransitionTime When(XElement t)
    {
        var time = new DateTime(1, 1, 1).Add(XmlConvert.ToTimeSpan(t.Text("TimeOffset") ?? "PT0S"));
        var month = int.Parse(t.Text("Month") ?? "1", CultureInfo.InvariantCulture);
        if (t.Name.LocalName == "RecurringDateTransition")
            return TimeZoneInfo.TransitionTime.CreateFixedDateRule(time, month, int.Parse(t.Text("Day") ?? "1", CultureInfo.InvariantCulture));
        var occurrence = int.Parse(t.Text("Occurrence") ?? "1", CultureInfo.InvariantCulture);
        return TimeZoneInfo.TransitionTime.CreateFloatingDateRule(time, month, occurrence is < 1 or > 5 ? 5 : occurrence,
            Enum.Parse<DayOfWeek>(t.Text("DayOfWeek") ?? "Sunday"));
    }

    private static XElement Recurring(TimeZoneInfo.TransitionTime t, string period)
    {
        var offset = X.T("TimeOffset", XmlConvert.ToString(t.TimeOfDay.TimeOfDay));
        var month = X.T("Month", Str(t.Month));
        return t.IsFixedDateRule
            ? X.T("RecurringDateTransition", To("Period", period), offset, month, X.T("Day", Str(t.Day)))
            : X.T("RecurringDayTransition", To("Period", period), offset, month, X.T("DayOfWeek", t.DayOfWeek.ToString()), X.T("Occurrence", Str(t.Week == 5 ? -1 : t.Week)));
    }

    private static XElement To(string kind, string target) => X.T("To", new XAttribute("Kind", kind), target);

    private static TimeSpan PeriodOffset(Dictionary<string, TimeSpan> periods, string id) =>
        periods.TryGetValue(id, out var offset) ? offset : throw new FormatException($"time zone period '{id}' is not defined");

    private static string Attr(XElement e, string name) => (string?)e.Attribute(name) ?? throw new FormatException($"t:{e.Name.LocalName} without {name}");

    private static string Offset(TimeSpan offset) => (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture);

    private static string Str(int value) => value.ToString(CultureInfo.InvariantCulture);
}
