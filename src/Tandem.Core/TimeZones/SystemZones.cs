using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace Tandem.Core.TimeZones;

/// <summary>Cached access to the operating system's IANA zones (tzdata through ICU on Linux).</summary>
internal static class SystemZones
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo?> ById = new(StringComparer.OrdinalIgnoreCase);
    private static readonly Lazy<IReadOnlyList<TimeZoneInfo>> All = new(LoadAll);
    private static readonly Lazy<FrozenDictionary<string, string>> ByCity = new(BuildCityIndex);

    /// <summary>
    /// Windows' primary zones as ICU/CLDR spells them are some of them old IANA names, now links; the
    /// current names are what other stores write and what tzdata calls the zone.
    /// </summary>
    private static readonly FrozenDictionary<string, string> Renamed = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["America/Indianapolis"] = "America/Indiana/Indianapolis",
        ["America/Buenos_Aires"] = "America/Argentina/Buenos_Aires",
        ["America/Godthab"] = "America/Nuuk",
        ["Europe/Kiev"] = "Europe/Kyiv",
        ["Asia/Calcutta"] = "Asia/Kolkata",
        ["Asia/Katmandu"] = "Asia/Kathmandu",
        ["Asia/Rangoon"] = "Asia/Yangon",
        ["Asia/Saigon"] = "Asia/Ho_Chi_Minh",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>All zones with an IANA id, in ordinal id order.</summary>
    public static IReadOnlyList<TimeZoneInfo> Iana => All.Value;

    /// <summary>The zone for an IANA or Windows id, or null. Windows ids come back as their IANA equivalent.</summary>
    public static TimeZoneInfo? Find(string id) => ById.GetOrAdd(id, static key =>
    {
        if (key.Length == 0 || key.Length > 100) return null;
        if (!key.Contains('/') && TimeZoneInfo.TryConvertWindowsIdToIanaId(key, out var fromWindows)) key = Modern(fromWindows);
        return TimeZoneInfo.TryFindSystemTimeZoneById(key, out var zone) && zone.HasIanaId ? zone : null;
    });

    /// <summary>The IANA id whose last part is <paramref name="city"/> ("Buenos Aires" → America/Argentina/Buenos_Aires).</summary>
    public static string? FindByCity(string city) =>
        ByCity.Value.TryGetValue(city.Trim().Replace('_', ' '), out var id) ? id : null;

    /// <summary>The IANA zone Windows considers the main one for the Windows zone of <paramref name="ianaId"/>.</summary>
    public static string Canonical(string ianaId)
    {
        if (TimeZoneInfo.TryConvertIanaIdToWindowsId(ianaId, out var windows)
            && TimeZoneInfo.TryConvertWindowsIdToIanaId(windows, out var primary)
            && Find(Modern(primary)) is not null)
        {
            return Modern(primary);
        }
        return ianaId;
    }

    private static string Modern(string ianaId) => Renamed.TryGetValue(ianaId, out var current) ? current : ianaId;

    private static IReadOnlyList<TimeZoneInfo> LoadAll() =>
        TimeZoneInfo.GetSystemTimeZones()
            .Where(z => z.HasIanaId)
            .OrderBy(z => z.Id, StringComparer.Ordinal)
            .ToArray();

    private static FrozenDictionary<string, string> BuildCityIndex()
    {
        var index = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var zone in Iana)
        {
            var slash = zone.Id.LastIndexOf('/');
            if (slash < 0 || zone.Id.StartsWith("Etc/", StringComparison.Ordinal)) continue;
            var city = zone.Id[(slash + 1)..].Replace('_', ' ');
            // Prefer the canonical zone when several ids end in the same city (America/Indiana/Indianapolis vs America/Indianapolis).
            if (!index.TryGetValue(city, out var existing) || Canonical(zone.Id) == zone.Id && Canonical(existing) != existing)
                index[city] = zone.Id;
        }
        return index.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
