using Tandem.Core.Items;

namespace Tandem.Core.TimeZones;

/// <summary>
/// Exchange (EWS and Graph alike) names zones by Windows id, the model by IANA id; Exchange hands times back as UTC
/// instants plus the zone they were set in. Both Exchange connectors translate through here, so an event reads the same
/// whichever protocol carried it.
/// </summary>
public static class ExchangeZones
{
    public const string UtcWindowsId = "UTC";

    /// <summary>The Windows id for a model zone (null, UTC and unknown zones: "UTC").</summary>
    public static string ToWindows(string? ianaOrNull)
    {
        if (ianaOrNull is null or ItemTime.Utc) return UtcWindowsId;
        if (TimeZoneResolver.ToWindowsId(ianaOrNull) is { } windows) return windows;
        // Some stores hand Windows ids or display names through: resolve them first.
        return TimeZoneResolver.ResolveIanaId(ianaOrNull) is { } iana && TimeZoneResolver.ToWindowsId(iana) is { } w ? w : UtcWindowsId;
    }

    /// <summary>The IANA id for what Exchange calls the zone (Windows id, IANA id or display name); UTC when unknown.</summary>
    public static string ToIana(string? windowsId)
    {
        if (string.IsNullOrEmpty(windowsId)) return ItemTime.Utc;
        var iana = TimeZoneResolver.ResolveIanaId(windowsId);
        return iana is null or "Etc/UTC" or "Etc/GMT" ? ItemTime.Utc : iana;
    }

    /// <summary>The instant a model time denotes; floating times (and dates) are read in UTC, the zone Tandem writes them with.</summary>
    public static DateTimeOffset ToInstant(ItemTime time) => time.ToInstant(TimeZoneInfo.Utc);

    /// <summary>The wall-clock time of <paramref name="instant"/> in the IANA zone <paramref name="iana"/>.</summary>
    public static ItemTime FromInstant(DateTimeOffset instant, string iana)
    {
        if (iana == ItemTime.Utc) return ItemTime.FromUtc(instant.UtcDateTime);
        var zone = TimeZoneResolver.FindZone(iana) ?? TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTimeFromUtc(instant.UtcDateTime, zone);
        return new ItemTime(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), iana);
    }

    /// <summary>Whether a model zone is one only a file's VTIMEZONE describes: Exchange has no id for it, only its rules.</summary>
    public static bool IsCustom(string? zone) => CustomZoneId.IsCustom(zone);

    /// <summary>The name a file gave a custom zone (its TZID).</summary>
    public static string CustomName(string zoneId) => CustomZoneId.Tzid(zoneId);

    /// <summary>
    /// The year rules of a custom zone from <paramref name="fromYear"/> on, for a store that takes a zone as rules (EWS's
    /// TimeZoneDefinition). Throws <see cref="InvalidTimeZoneException"/> when the definition cannot be represented.
    /// </summary>
    public static IReadOnlyList<ZoneYearRule> CustomRules(string zoneId, int fromYear)
    {
        var zone = TimeZoneResolver.FindZone(zoneId) ?? throw new InvalidTimeZoneException($"time zone '{CustomName(zoneId)}' cannot be read back from its definition");
        return ZoneYearRules.Of(zone, Math.Clamp(fromYear, CustomZoneBuilder.FirstYear, CustomZoneBuilder.LastYear), CustomZoneBuilder.LastYear);
    }

    /// <summary>
    /// The model zone for a zone Exchange gave as rules under a name it has no id for: the system zone the rules match
    /// around <paramref name="year"/>, else a custom zone carrying them.
    /// </summary>
    public static string FromRules(string name, IReadOnlyList<ZoneYearRule> rules, int year)
    {
        var zone = ZoneYearRules.ToZone(name, rules);
        var definition = VTimeZoneBuilder.Build(zone, name, year);
        return TimeZoneResolver.Resolve(name, definition, year)?.ZoneId ?? ItemTime.Utc;
    }
}
