using Tandem.Core.Items;
using Tandem.Core.TimeZones;

namespace Tandem.Connectors.Graph.Mapping;

/// <summary>
/// The zone a time is written in over Graph, which names zones by Windows id only. A zone Windows has no id for (an IANA
/// zone outside its table, a zone only a calendar file's VTIMEZONE describes) is written as the Windows zone with the
/// same rules, when one exists. A zone is never replaced by a fixed offset: for a series that would move occurrences
/// across daylight-saving changes, so a series with no such Windows zone is not written (<see cref="UnwritableItemException"/>);
/// a single event's times are exact instants and may be written in UTC.
/// </summary>
internal static class GraphZones
{
    /// <summary>The Windows id for <paramref name="zoneId"/> (UTC for null and UTC), or null when no Windows zone has its rules.</summary>
    public static string? WindowsId(string? zoneId, int year)
    {
        if (zoneId is null or ItemTime.Utc) return ExchangeZones.UtcWindowsId;
        if (!CustomZoneId.IsCustom(zoneId))
        {
            if (TimeZoneResolver.ToWindowsId(zoneId) is { } direct) return direct;
            if (TimeZoneResolver.ResolveIanaId(zoneId) is { } iana && TimeZoneResolver.ToWindowsId(iana) is { } named) return named;
        }

        VTimeZoneDefinition? definition;
        try
        {
            definition = CustomZoneId.Decode(zoneId) ?? (TimeZoneResolver.FindZone(zoneId) is { } zone ? VTimeZoneBuilder.Build(zone, zoneId, year - 1) : null);
        }
        catch (InvalidTimeZoneException)
        {
            return null;
        }

        // Matched by behaviour over the years around the event; the name is one no resolver knows, so only the rules count.
        var match = definition is null ? null : TimeZoneResolver.Resolve("\u0001" + zoneId, definition, year);
        return match?.IanaId is { } same && same != zoneId && TimeZoneResolver.ToWindowsId(same) is { } windows ? windows : null;
    }

    /// <summary>The Windows zone a series is written in; throws when its zone has none with the same rules.</summary>
    public static string ForSeries(Event e)
    {
        var zone = e.Start.TimeZone;
        return WindowsId(zone, e.Start.Value.Year) ?? throw new UnwritableItemException(
            $"the series' time zone '{Name(zone)}' has no Windows time zone with the same rules, and Graph names zones by Windows id only; " +
            "a fixed offset would move its occurrences across daylight-saving changes, so it is not written (an ews member keeps it)");
    }

    /// <summary>A readable name: a VTIMEZONE-only zone by its TZID, not its encoded definition.</summary>
    public static string Name(string? zoneId) => zoneId is not null && CustomZoneId.IsCustom(zoneId) ? CustomZoneId.Tzid(zoneId) : zoneId ?? ItemTime.Utc;
}
