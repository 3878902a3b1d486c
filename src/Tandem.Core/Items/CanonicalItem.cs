using System.Text.Json.Serialization;

namespace Tandem.Core.Items;

/// <summary>
/// The protocol-neutral form of one item. Every connector reads into and writes from these; the engine
/// hashes and merges them. Records with <see cref="ValueList{T}"/> give value equality throughout.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$kind")]
[JsonDerivedType(typeof(Contact), "contact")]
[JsonDerivedType(typeof(Event), "event")]
[JsonDerivedType(typeof(TaskItem), "task")]
[JsonDerivedType(typeof(Note), "note")]
[JsonDerivedType(typeof(Message), "message")]
public abstract record CanonicalItem
{
    [JsonIgnore]
    public abstract ItemKind Kind { get; }

    /// <summary>
    /// The store's or the file's own identifier (vCard/iCalendar UID, EWS UID for calendar items).
    /// It identifies, it is not content: it is outside the content hash.
    /// </summary>
    public string? Uid { get; init; }

    public ValueList<string> Categories { get; init; } = ValueList<string>.Empty;

    /// <summary>Properties the model does not know; preserved, not hashed.</summary>
    public ValueList<ExtraProperty> Extras { get; init; } = ValueList<ExtraProperty>.Empty;

    /// <summary>A short human label for logs, the panel and quarantine lists.</summary>
    public abstract string Title { get; }
}
