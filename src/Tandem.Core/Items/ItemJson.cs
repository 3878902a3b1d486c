using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tandem.Core.Items;

/// <summary>
/// The one JSON form of canonical items: the engine's snapshots, the content hash input and the
/// lab's storage all use it, so two places never disagree on how an item is written down.
/// </summary>
public static class ItemJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = false,
    };

    public static string Serialize(CanonicalItem item) => JsonSerializer.Serialize(item, Options);

    public static byte[] SerializeToUtf8(CanonicalItem item) => JsonSerializer.SerializeToUtf8Bytes(item, Options);

    public static CanonicalItem Deserialize(string json) =>
        JsonSerializer.Deserialize<CanonicalItem>(json, Options) ?? throw new JsonException("null item");

    public static CanonicalItem Deserialize(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize<CanonicalItem>(utf8, Options) ?? throw new JsonException("null item");
}
