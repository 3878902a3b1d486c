using System.Buffers;
using System.Collections.Frozen;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tandem.Core.Items;

/// <summary>
/// The one JSON form of canonical items: the engine's snapshots, the content hash input and the
/// lab's storage all use it, so two places never disagree on how an item is written down.
/// </summary>
/// <remarks>
/// The form is <see cref="CanonicalItem"/>'s polymorphic JSON (<c>{"$kind":"contact",…}</c>), but items are written and
/// read through their own type's metadata, the discriminator written and read here: serializing through the base type
/// makes System.Text.Json build the metadata of every item type at first use (an event's recurrence, attendees and
/// occurrences included), which cost a short run over contacts about half of its JSON start-up — twice the methods to
/// compile. The bytes are the same (ItemJsonTests compares them with the base type's).
/// </remarks>
public static class ItemJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = false,
    };

    private const string KindProperty = "$kind";

    // the item types and their discriminators, as CanonicalItem's attributes declare them (the one list)
    private static readonly JsonDerivedTypeAttribute[] DerivedTypes = [.. typeof(CanonicalItem).GetCustomAttributes<JsonDerivedTypeAttribute>()];

    private static readonly FrozenDictionary<Type, byte[]> Openings =
        DerivedTypes.ToFrozenDictionary(a => a.DerivedType, a => Encoding.UTF8.GetBytes($"{{\"{KindProperty}\":\"{a.TypeDiscriminator}\""));

    private static readonly FrozenDictionary<string, Type> Kinds =
        DerivedTypes.ToFrozenDictionary(a => (string)a.TypeDiscriminator!, a => a.DerivedType, StringComparer.Ordinal);

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_scratch;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static string Serialize(CanonicalItem item)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        Write(item, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static byte[] SerializeToUtf8(CanonicalItem item)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        Write(item, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Appends the item's JSON to <paramref name="output"/>.</summary>
    public static void Write(CanonicalItem item, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(output);
        if (!Openings.TryGetValue(item.GetType(), out var opening))
        {
            // a type the discriminator list does not name: the serializer's own handling (and its error) applies
            using var direct = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = Options.Encoder });
            JsonSerializer.Serialize(direct, item, Options);
            return;
        }
        var scratch = t_scratch ??= new ArrayBufferWriter<byte>(4096);
        scratch.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(scratch, new JsonWriterOptions { Encoder = Options.Encoder });
        writer.Reset(scratch);
        JsonSerializer.Serialize(writer, item, item.GetType(), Options);
        writer.Flush();
        var body = scratch.WrittenSpan; // {…} of the item's own properties
        output.Write(opening);
        if (body.Length > 2)
        {
            output.Write(","u8);
            output.Write(body[1..]);
        }
        else
        {
            output.Write("}"u8); // an item with no property written: {"$kind":"note"}
        }
    }

    // strict, as the serializer's own string overload is: a broken surrogate is an error, not a replacement character
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static CanonicalItem Deserialize(string json) => Deserialize(StrictUtf8.GetBytes(json));

    public static CanonicalItem Deserialize(ReadOnlySpan<byte> utf8)
    {
        var type = LeadingKind(utf8);
        var item = type is null
            ? JsonSerializer.Deserialize<CanonicalItem>(utf8, Options)
            : (CanonicalItem?)JsonSerializer.Deserialize(utf8, type, Options);
        return item ?? throw new JsonException("null item");
    }

    /// <summary>The item type named by a leading <c>$kind</c>; null when the JSON does not start so (the base type then reads it, or says why not).</summary>
    private static Type? LeadingKind(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals(KindProperty)) return null;
            if (!reader.Read() || reader.TokenType != JsonTokenType.String) return null;
            return Kinds.GetValueOrDefault(reader.GetString()!);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
