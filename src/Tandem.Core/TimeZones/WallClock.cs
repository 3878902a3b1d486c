namespace Tandem.Core.TimeZones;

/// <summary>Wall-clock ↔ instant conversions that never throw on DST gaps or overlaps.</summary>
public static class WallClock
{
    /// <summary>
    /// The instant of a wall time in <paramref name="zone"/>. A time inside a spring-forward gap is moved
    /// forward by the gap (RFC 5545 §3.3.5); an ambiguous time takes the earlier (daylight) offset.
    /// </summary>
    public static DateTimeOffset ToInstant(DateTime wall, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        wall = DateTime.SpecifyKind(wall, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(wall))
        {
            var before = zone.GetUtcOffset(wall.AddHours(-3));
            return new DateTimeOffset(wall - before, TimeSpan.Zero).ToOffset(zone.GetUtcOffset(wall.AddHours(3)));
        }
        if (zone.IsAmbiguousTime(wall))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(wall);
            return new DateTimeOffset(wall, offsets.Max());
        }
        return new DateTimeOffset(wall, zone.GetUtcOffset(wall));
    }

    /// <summary>The wall time (kind Unspecified) that <paramref name="instant"/> shows in <paramref name="zone"/>.</summary>
    public static DateTime FromInstant(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(instant, zone).DateTime, DateTimeKind.Unspecified);
    }
}
