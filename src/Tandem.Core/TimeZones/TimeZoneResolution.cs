namespace Tandem.Core.TimeZones;

/// <summary>
/// What a TZID means. <see cref="IanaId"/> is set when it is (or behaves exactly like) a system zone;
/// it is null for a zone only its VTIMEZONE describes, in which case <see cref="Zone"/> is built from
/// that definition and times in it can only be kept as instants.
/// </summary>
public sealed record TimeZoneResolution(string Tzid, string? IanaId, TimeZoneInfo Zone);
