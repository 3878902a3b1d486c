namespace Tandem.Core.TimeZones;

/// <summary>
/// Name-only resolution of a TZID, in the order real files need it: IANA ids, Windows ids, Windows ids of
/// old Windows/Exchange versions without " Standard Time", Lotus Notes "…$ZN=W. Europe", globally unique
/// prefixes ("/mozilla.org/20050126_1/Europe/Berlin"), Outlook display names, bare UTC offsets.
/// </summary>
internal static class TzidNames
{
    private static readonly string[] UtcNames = ["UTC", "GMT", "Z", "Etc/UTC", "Etc/GMT", "UT", "Universal", "Zulu", "Etc/Universal", "Etc/Zulu", "Greenwich Standard Time", "UTC Standard Time"];

    public static string? Resolve(string tzid)
    {
        var name = tzid.Trim().Trim('"').Trim();
        if (name.Length == 0) return null;
        if (UtcNames.Contains(name, StringComparer.OrdinalIgnoreCase)) return "UTC";

        if (SystemZones.Find(name) is { } direct) return IanaIdOf(direct);
        if (SystemZones.Find(name + " Standard Time") is { } old) return IanaIdOf(old);

        if (LotusZoneName(name) is { } lotus && Resolve(lotus) is { } fromLotus) return fromLotus;

        if (name.Contains('/'))
        {
            // "/softwarestudio.org/Olson_20011030_5/America/New_York": the IANA id is a suffix of the path.
            var parts = name.Split('/', StringSplitOptions.RemoveEmptyEntries);
            for (var take = Math.Min(3, parts.Length); take >= 1; take--)
            {
                var candidate = string.Join('/', parts[^take..]);
                if (take == 1 && !candidate.Equals("UTC", StringComparison.OrdinalIgnoreCase)) break;
                if (SystemZones.Find(candidate) is { } suffix) return IanaIdOf(suffix);
            }
        }

        if (OutlookDisplayNames.Resolve(name) is { } display) return display;
        if (FixedOffsets.FromName(name) is { } offset) return FixedOffsets.ToIanaId(offset);
        return null;
    }

    /// <summary>Lotus Notes writes "Z=-1$DO=1$DL=3 -1 1 10 -1 1$ZX=78$ZN=W. Europe"; ZN is an old Windows name.</summary>
    private static string? LotusZoneName(string name)
    {
        var at = name.IndexOf("ZN=", StringComparison.Ordinal);
        if (at < 0 || !name.Contains('$')) return null;
        var rest = name[(at + 3)..];
        var end = rest.IndexOf('$');
        return (end < 0 ? rest : rest[..end]).Trim();
    }

    private static string IanaIdOf(TimeZoneInfo zone) =>
        zone.Id.Equals("Etc/UTC", StringComparison.Ordinal) || zone.Id.Equals("UTC", StringComparison.Ordinal) ? "UTC" : zone.Id;
}
