using Tandem.Core.Items;

namespace Tandem.Core.TimeZones;

/// <summary>
/// One STANDARD or DAYLIGHT block of a VTIMEZONE: from the wall time <see cref="Start"/> (read with
/// <see cref="OffsetFrom"/>, as RFC 5545 says) the offset becomes <see cref="OffsetTo"/>, again on each
/// date of <see cref="Rule"/> and <see cref="RecurrenceDates"/>.
/// </summary>
public sealed record TimeZoneObservance(
    bool IsDaylight,
    DateTime Start,
    TimeSpan OffsetFrom,
    TimeSpan OffsetTo,
    RecurrenceRule? Rule = null,
    string? Name = null)
{
    /// <summary>Extra onsets (RDATE) as wall times read with <see cref="OffsetFrom"/>.</summary>
    public ValueList<DateTime> RecurrenceDates { get; init; } = ValueList<DateTime>.Empty;
}

/// <summary>A VTIMEZONE as parsed from a file, or as built from a system zone to be written.</summary>
public sealed record VTimeZoneDefinition(string Tzid, ValueList<TimeZoneObservance> Observances);
