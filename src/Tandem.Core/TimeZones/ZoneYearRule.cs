namespace Tandem.Core.TimeZones;

/// <summary>
/// A stretch of years with the same offsets, from <see cref="FromYear"/> until the next rule: standard time at
/// <see cref="Standard"/> and, when <see cref="DaylightDelta"/> is not zero, daylight time from
/// <see cref="DaylightStart"/> to <see cref="DaylightEnd"/> (wall times before each change, as .NET counts them).
/// This is how Windows (dynamic DST) and Exchange (a transitions group per stretch of years) describe a zone.
/// </summary>
public sealed record ZoneYearRule(
    int FromYear,
    TimeSpan Standard,
    TimeSpan DaylightDelta,
    TimeZoneInfo.TransitionTime DaylightStart,
    TimeZoneInfo.TransitionTime DaylightEnd)
{
    public bool HasDaylight => DaylightDelta != TimeSpan.Zero;

    public TimeSpan Daylight => Standard + DaylightDelta;
}
