namespace Tandem.Core.TimeZones;

/// <summary>
/// What a TZID means. <see cref="IanaId"/> is set when it is (or behaves exactly like) a system zone;
/// it is null for a zone only its VTIMEZONE describes, in which case <see cref="Zone"/> is built from
/// that definition and <see cref="CustomId"/> is the zone id that carries the definition with the times.
/// </summary>
public sealed record TimeZoneResolution(string Tzid, string? IanaId, TimeZoneInfo Zone)
{
    /// <summary>The <see cref="CustomZoneId"/> of a zone only its definition describes; null when <see cref="IanaId"/> is set.</summary>
    public string? CustomId { get; init; }

    /// <summary>What an <see cref="Items.ItemTime"/> in this zone carries as its zone.</summary>
    public string ZoneId => IanaId ?? CustomId!;
}
