using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Tandem.Lab.Soap;

namespace Tandem.Lab.Ews;

/// <summary>
/// GetServerTimeZones: the Windows time zones the server knows (ids as in StartTimeZone), with their periods and the
/// yearly transitions between them when ReturnFullTimeZoneData is true (the default). Built from the host's zone data,
/// keyed by the Windows id each IANA zone maps to.
/// </summary>
internal static class TimeZoneOperations
{
    private static readonly Lazy<SortedDictionary<string, TimeZoneInfo>> Zones = new(Load);

    public static IEnumerable<XElement> GetServerTimeZones(EwsCall call)
    {
        var full = (string?)call.Operation.Attribute("ReturnFullTimeZoneData") is not ("false" or "0");
        var wanted = call.Child("Ids")?.Elements(Ns.T + "Id").Select(e => e.Value.Trim()).ToList();
        var zones = wanted is null
            ? Zones.Value.ToList()
            : wanted.Where(Zones.Value.ContainsKey).Select(id => new KeyValuePair<string, TimeZoneInfo>(id, Zones.Value[id])).ToList();
        yield return SoapWriter.Success("GetServerTimeZones",
            new XElement(Ns.M + "TimeZoneDefinitions", zones.Select(z => Definition(z.Key, z.Value, full, call.Now))));
    }

    private static SortedDictionary<string, TimeZoneInfo> Load()
    {
        var zones = new SortedDictionary<string, TimeZoneInfo>(StringComparer.Ordinal) { ["UTC"] = TimeZoneInfo.Utc };
        foreach (var zone in TimeZoneInfo.GetSystemTimeZones())
        {
            var windows = zone.HasIanaId ? (TimeZoneInfo.TryConvertIanaIdToWindowsId(zone.Id, out var w) ? w : null) : zone.Id;
            if (windows is not null && !zones.ContainsKey(windows) && TryFind(windows) is { } byWindowsId)
            {
                zones[windows] = byWindowsId;
            }
        }

        return zones;
    }

    private static TimeZoneInfo? TryFind(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    private static XElement Definition(string id, TimeZoneInfo zone, bool full, DateTimeOffset now)
    {
        var definition = new XElement(Ns.T + "TimeZoneDefinition", new XAttribute("Id", id), new XAttribute("Name", zone.DisplayName));
        if (!full)
        {
            return definition;
        }

        // The rule in force from now on: the open-ended one when the zone data has it (floating "last Sunday" rules),
        // else the latest one with daylight time. Rules of standard-time stretches (no DaylightDelta) are not it.
        var rules = zone.GetAdjustmentRules().Where(r => r.DaylightDelta != TimeSpan.Zero && r.DateStart <= now.UtcDateTime).ToList();
        var rule = rules.LastOrDefault(r => r.DateEnd.Year >= 9999) ?? rules.LastOrDefault(r => r.DateEnd >= now.UtcDateTime.AddYears(-1));
        var standardId = $"trule:Microsoft/Registry/{id}/Standard";
        var daylightId = $"trule:Microsoft/Registry/{id}/Daylight";
        var periods = new XElement(Ns.T + "Periods", Period(zone.BaseUtcOffset, "Standard", standardId));
        var group = new XElement(Ns.T + "TransitionsGroup", new XAttribute("Id", "0"));
        if (rule is null || rule.DaylightDelta == TimeSpan.Zero)
        {
            group.Add(new XElement(Ns.T + "Transition", new XElement(Ns.T + "To", new XAttribute("Kind", "Period"), standardId)));
        }
        else
        {
            periods.Add(Period(zone.BaseUtcOffset + rule.BaseUtcOffsetDelta + rule.DaylightDelta, "Daylight", daylightId));
            group.Add(Transition(rule.DaylightTransitionStart, daylightId), Transition(rule.DaylightTransitionEnd, standardId));
        }

        definition.Add(
            periods,
            new XElement(Ns.T + "TransitionsGroups", group),
            new XElement(Ns.T + "Transitions", new XElement(Ns.T + "Transition", new XElement(Ns.T + "To", new XAttribute("Kind", "Group"), "0"))));
        return definition;
    }

    /// <summary>A period's Bias is what is added to local time to get UTC: the negated offset (PT8H for UTC-08:00).</summary>
    private static XElement Period(TimeSpan offset, string name, string id) =>
        new(Ns.T + "Period", new XAttribute("Bias", XmlConvert.ToString(-offset)), new XAttribute("Name", name), new XAttribute("Id", id));

    private static XElement Transition(TimeZoneInfo.TransitionTime t, string to)
    {
        var target = new XElement(Ns.T + "To", new XAttribute("Kind", "Period"), to);
        var offset = new XElement(Ns.T + "TimeOffset", XmlConvert.ToString(t.TimeOfDay.TimeOfDay));
        var month = new XElement(Ns.T + "Month", t.Month.ToString(CultureInfo.InvariantCulture));
        return t.IsFixedDateRule
            ? new XElement(Ns.T + "RecurringDateTransition", target, offset, month, new XElement(Ns.T + "Day", t.Day))
            : new XElement(Ns.T + "RecurringDayTransition", target, offset, month,
                new XElement(Ns.T + "DayOfWeek", t.DayOfWeek.ToString()),
                new XElement(Ns.T + "Occurrence", t.Week == 5 ? -1 : t.Week));
    }
}
