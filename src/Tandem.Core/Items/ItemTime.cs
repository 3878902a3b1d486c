namespace Tandem.Core.Items;

/// <summary>
/// A wall-clock time and the zone it is read in. <see cref="TimeZone"/> is an IANA id ("Europe/Berlin"),
/// <see cref="Utc"/> for UTC, or null for a floating time (iCalendar's "same local time everywhere").
/// Keeping the zone rather than converting to UTC keeps recurrences stable across DST changes. A zone only a
/// file's VTIMEZONE describes is a <see cref="TimeZones.CustomZoneId"/>, which carries that definition.
/// </summary>
public sealed record ItemTime(DateTime Value, string? TimeZone)
{
    public const string Utc = "UTC";

    public static ItemTime FromUtc(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Unspecified), Utc);

    public static ItemTime Floating(DateTime local) => new(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), null);

    public static ItemTime Date(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), null);

    public bool IsUtc => TimeZone == Utc;

    public bool IsFloating => TimeZone is null;

    /// <summary>The instant this time denotes; floating times are read as UTC (callers that know a local zone pass it).</summary>
    public DateTimeOffset ToInstant(TimeZoneInfo? floatingZone = null)
    {
        var wall = DateTime.SpecifyKind(Value, DateTimeKind.Unspecified);
        var zone = TimeZone switch
        {
            null => floatingZone ?? TimeZoneInfo.Utc,
            Utc => TimeZoneInfo.Utc,
            _ => TimeZones.TimeZoneResolver.FindZone(TimeZone) ?? TimeZoneInfo.FindSystemTimeZoneById(TimeZone),
        };
        if (zone.IsInvalidTime(wall)) wall = wall.AddHours(1); // a time inside a spring-forward gap
        return new DateTimeOffset(wall, zone.GetUtcOffset(wall));
    }

    public override string ToString() => $"{Value:yyyy-MM-dd'T'HH:mm:ss} {TimeZone ?? "floating"}";
}
