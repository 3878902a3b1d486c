using System.Collections.Concurrent;

namespace Tandem.Core.TimeZones;

/// <summary>
/// Finds the system zone that behaves like a VTIMEZONE definition (Outlook's "Customized Time Zone", Lotus
/// Notes' "GMT +0100 (Standard) / GMT +0200 (Daylight)"): same offsets at every probe over three years
/// around <c>year</c>, including just before and after each of the definition's transitions.
/// </summary>
internal static class DefinitionMatcher
{
    private static readonly ConcurrentDictionary<(VTimeZoneDefinition, int), string?> Cache = new();

    public static string? Match(VTimeZoneDefinition definition, int year) =>
        Cache.GetOrAdd((definition with { Tzid = "" }, year), static key => Search(key.Item1, key.Item2));

    private static string? Search(VTimeZoneDefinition definition, int year)
    {
        if (definition.Observances.IsEmpty) return null;
        var transitions = DefinitionTransitions.Compute(definition, year + 1);
        var probes = Probes(transitions, year);
        var winter = new DateTime(year, 1, 15, 12, 0, 0);
        var summer = new DateTime(year, 7, 15, 12, 0, 0);
        var winterOffset = DefinitionTransitions.OffsetAt(transitions, winter);
        var summerOffset = DefinitionTransitions.OffsetAt(transitions, summer);

        var matches = new List<string>();
        foreach (var zone in SystemZones.Iana)
        {
            if (zone.GetUtcOffset(DateTime.SpecifyKind(winter, DateTimeKind.Utc)) != winterOffset) continue;
            if (zone.GetUtcOffset(DateTime.SpecifyKind(summer, DateTimeKind.Utc)) != summerOffset) continue;
            if (!probes.All(p => zone.GetUtcOffset(DateTime.SpecifyKind(p, DateTimeKind.Utc)) == DefinitionTransitions.OffsetAt(transitions, p))) continue;
            matches.Add(zone.Id);
        }
        // Several zones share rules (all of central Europe, most of eastern North America). The Windows zone
        // that covers most of them is the one a definition like Outlook's "Customized Time Zone" most likely
        // came from; its primary IANA zone is the stable answer.
        return matches
            .GroupBy(SystemZones.Canonical, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key)
            .FirstOrDefault();
    }

    private static List<DateTime> Probes(IReadOnlyList<ZoneTransition> transitions, int year)
    {
        var probes = new List<DateTime>();
        for (var day = new DateTime(year - 1, 1, 1, 12, 0, 0); day.Year <= year + 1; day = day.AddDays(1)) probes.Add(day);
        foreach (var t in transitions)
        {
            if (t.Utc.Year < year - 1 || t.Utc.Year > year + 1) continue;
            probes.Add(t.Utc.AddMinutes(-1));
            probes.Add(t.Utc.AddMinutes(1));
        }
        return probes;
    }
}
