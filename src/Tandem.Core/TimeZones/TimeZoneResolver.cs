using System.Collections.Concurrent;
using Tandem.Core.Items;

namespace Tandem.Core.TimeZones;

/// <summary>
/// Turns what stores call a zone into an IANA id or a TimeZoneInfo: IANA and Windows ids, Outlook display
/// names, Lotus Notes and old Windows names, prefixed ids, and — when the name means nothing — the file's
/// VTIMEZONE definition, matched by behaviour to a system zone or else built into a custom zone.
/// </summary>
public static class TimeZoneResolver
{
    private static readonly ConcurrentDictionary<string, string?> NameCache = new(StringComparer.Ordinal);

    /// <summary>The IANA id for a TZID by name alone ("UTC" for UTC), or null.</summary>
    public static string? ResolveIanaId(string tzid)
    {
        ArgumentNullException.ThrowIfNull(tzid);
        return NameCache.GetOrAdd(tzid, TzidNames.Resolve);
    }

    /// <summary>
    /// Resolves <paramref name="tzid"/>, using <paramref name="definition"/> when the name alone fails.
    /// <paramref name="referenceYear"/> is the year whose rules matter (the item's start); it picks the rules
    /// of a definition that has changed over time when matching it to a system zone. Null when neither the name nor
    /// a definition helps. A definition no system zone matches is kept (<see cref="TimeZoneResolution.CustomId"/>);
    /// one that cannot be represented exactly throws <see cref="InvalidTimeZoneException"/> with the reason.
    /// </summary>
    public static TimeZoneResolution? Resolve(string tzid, VTimeZoneDefinition? definition = null, int referenceYear = 2025)
    {
        ArgumentNullException.ThrowIfNull(tzid);
        if (ResolveIanaId(tzid) is { } iana && FindZone(iana) is { } zone) return new TimeZoneResolution(tzid, iana, zone);
        if (definition is null || definition.Observances.IsEmpty) return null;
        var year = Math.Clamp(referenceYear, 1900, 2200);
        if (DefinitionMatcher.Match(definition, year) is { } matched && FindZone(matched) is { } matchedZone)
            return new TimeZoneResolution(tzid, matched, matchedZone);
        var own = definition with { Tzid = tzid };
        return new TimeZoneResolution(tzid, null, CustomZoneBuilder.Build(own)) { CustomId = CustomZoneId.Encode(own) };
    }

    /// <summary>
    /// The zone for an IANA id, a Windows id, a <see cref="CustomZoneId"/> or <see cref="ItemTime.Utc"/>; null when
    /// unknown. A custom id whose definition cannot be represented throws <see cref="InvalidTimeZoneException"/>.
    /// </summary>
    public static TimeZoneInfo? FindZone(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id == ItemTime.Utc) return TimeZoneInfo.Utc;
        if (CustomZoneId.IsCustom(id)) return CustomZoneId.Decode(id) is { } definition ? CustomZoneBuilder.Build(definition) : null;
        return SystemZones.Find(id);
    }

    /// <summary>The Windows id EWS wants for an IANA id (UTC → "UTC"); null when Windows has no such zone.</summary>
    public static string? ToWindowsId(string ianaId)
    {
        ArgumentNullException.ThrowIfNull(ianaId);
        if (ianaId == ItemTime.Utc) return "UTC";
        return TimeZoneInfo.TryConvertIanaIdToWindowsId(ianaId, out var windows) ? windows : null;
    }
}
