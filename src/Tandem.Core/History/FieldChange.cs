namespace Tandem.Core.History;

/// <summary>One field of an item that an accepted change altered; values as the item's JSON form writes them (null: absent).</summary>
public sealed record FieldChange(string Field, string? Old, string? New);
