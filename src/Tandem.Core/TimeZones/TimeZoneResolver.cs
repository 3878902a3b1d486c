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
    /// of a definition that has changed over time. Null when neither the name nor a definition helps.
    /// </summary>
    public static TimeZoneResolution? Resolve(string tzid, VTimeZoneDefinition? definition = null, int referenceYear = 2025)
    {
        ArgumentNullException.ThrowIfNull(tzid);
        if (ResolveIanaId(tzid) is { } iana && FindZone(iana) is { } zone) return new TimeZoneResolution(tzid, iana, zone);
        if (definition is null || definition.Observances.IsEmpty) return null;
        var year = Math.Clamp(referenceYear, 1900, 2200);
        if (DefinitionMatcher.Match(definition, year) is { } matched && FindZone(matched) is { } matchedZone)
            return new TimeZoneResolution(tzid, matched, matchedZone);
        return new TimeZoneResolution(tzid, null, CustomZoneBuilder.Build(definition with { Tzid = tzid }, year));
    }

    /// <summary>The zone for an IANA id, a Windows id or <see cref="ItemTime.Utc"/>; null when unknown.</summary>
    public static TimeZoneInfo? FindZone(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return id == ItemTime.Utc ? TimeZoneInfo.Utc : SystemZones.Find(id);
    }

    /// <summary>The Windows id EWS wants for an IANA id (UTC → "UTC"); null when Windows has no such zone.</summary>
    public static string? ToWindowsId(string ianaId)
    {
        ArgumentNullException.ThrowIfNull(ianaId);
        if (ianaId == ItemTime.Utc) return "UTC";
        return TimeZoneInfo.TryConvertIanaIdToWindowsId(ianaId, out var windows) ? windows : null;
    }
}
