using System.Collections.Concurrent;
using System.Text.Json;
using Tandem.Core.Items;

namespace Tandem.Core.TimeZones;

/// <summary>
/// The zone id of a time whose zone only its file's VTIMEZONE describes. The id carries the whole definition,
/// so an <see cref="ItemTime"/> in such a zone stays self-contained: it hashes, is stored in snapshots and
/// expands by the definition's own rules in any process, and a writer can give the VTIMEZONE back as it came.
/// </summary>
public static class CustomZoneId
{
    public const string Prefix = "vtimezone:";

    // Times are converted far more often than zones are met: decode each id once. Files hold a handful of zones.
    private static readonly ConcurrentDictionary<string, VTimeZoneDefinition?> Decoded = new(StringComparer.Ordinal);

    public static string Encode(VTimeZoneDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return Prefix + JsonSerializer.Serialize(definition, ItemJson.Options);
    }

    public static bool IsCustom(string? zoneId) => zoneId is not null && zoneId.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The definition carried by <paramref name="zoneId"/>; null when it is not a custom id or does not decode.</summary>
    public static VTimeZoneDefinition? Decode(string zoneId)
    {
        ArgumentNullException.ThrowIfNull(zoneId);
        if (!IsCustom(zoneId)) return null;
        return Decoded.GetOrAdd(zoneId, static id =>
        {
            try
            {
                return JsonSerializer.Deserialize<VTimeZoneDefinition>(id.AsSpan(Prefix.Length), ItemJson.Options);
            }
            catch (JsonException)
            {
                return null;
            }
        });
    }

    /// <summary>The TZID a file calls the zone: the definition's own for a custom id, the id itself otherwise.</summary>
    public static string Tzid(string zoneId)
    {
        ArgumentNullException.ThrowIfNull(zoneId);
        return Decode(zoneId)?.Tzid ?? zoneId;
    }
}
