namespace Tandem.Core.Items;

/// <summary>The item type of a sync group; one group carries one kind.</summary>
public enum ItemKind
{
    Contact,
    Event,
    Task,
    Note,

    /// <summary>A mail message, carried whole as its MIME text.</summary>
    Message,
}
