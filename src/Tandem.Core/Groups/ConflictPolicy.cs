namespace Tandem.Core.Groups;

/// <summary>What decides between concurrent edits of one item.</summary>
public enum ConflictPolicy
{
    /// <summary>The edit with the later modification time wins.</summary>
    Newest,

    /// <summary>The group's priority member wins; between others, newest.</summary>
    Priority,

    /// <summary>Field-level three-way merge against the stored snapshot; a field both changed falls back to newest.</summary>
    Merge,
}
