using System.Text.Json.Serialization;

namespace Tandem.Core.Items;

/// <summary>
/// Compile-time metadata for <em>writing</em> canonical items (content hashes, snapshots): the reflection serializer
/// builds its metadata and emits accessors on first use, which was most of the JIT work of a short run such as an
/// edits-only sync. The options match <see cref="ItemJson.Options"/> and the bytes are the same (ItemJsonTests compares
/// both over every sample and corpus item). Reading stays on reflection: generated metadata does not run the records'
/// property initializers for members absent from the JSON, which the model's defaults rely on.
/// The element types of the value lists are listed because their converter serializes each element by type.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(CanonicalItem))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(ExtraProperty))]
[JsonSerializable(typeof(ItemTime))]
[JsonSerializable(typeof(Attendee))]
[JsonSerializable(typeof(EmailAddress))]
[JsonSerializable(typeof(EventException))]
[JsonSerializable(typeof(Phone))]
[JsonSerializable(typeof(PostalAddress))]
[JsonSerializable(typeof(WeekdayNum))]
internal sealed partial class ItemJsonContext : JsonSerializerContext;
