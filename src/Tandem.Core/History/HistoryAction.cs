namespace Tandem.Core.History;

/// <summary>What a history entry records about a logical item.</summary>
public enum HistoryAction
{
    /// <summary>A member brought a new item into the group.</summary>
    Created = 0,

    /// <summary>A member's edit was accepted (its field changes are listed).</summary>
    Updated = 1,

    /// <summary>A member's deletion was accepted.</summary>
    Deleted = 2,

    /// <summary>An item deleted in the group came back (an edit of it won, or a rejected deletion).</summary>
    Restored = 3,

    /// <summary>Concurrent changes, or a change a member may not make: what the policy decided is in the detail.</summary>
    Conflict = 4,

    /// <summary>A member's copy could not be read and is left alone; the reason is in the detail.</summary>
    Quarantined = 5,

    /// <summary>A member received the item: the write Tandem made there (created, updated or deleted) succeeded.</summary>
    Delivered = 6,
}
