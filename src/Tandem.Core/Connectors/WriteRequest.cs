using Tandem.Core.Items;

namespace Tandem.Core.Connectors;

public enum WriteKind { Create, Update, Delete }

/// <summary>
/// One write. Updates and deletes carry the change key last seen (optimistic concurrency: the store
/// refuses the write if the item changed since); creates carry the stamp that makes them idempotent.
/// </summary>
public sealed record WriteRequest(
    WriteKind Kind,
    ItemStamp Stamp,
    CanonicalItem? Item = null,
    string? RemoteId = null,
    string? ExpectedChangeKey = null);

public enum WriteOutcome
{
    Ok,

    /// <summary>The item changed in the store since the change key we sent; re-read and re-plan.</summary>
    Conflict,

    /// <summary>Update or delete of an item that no longer exists.</summary>
    NotFound,

    /// <summary>A create found an item with our stamp already there (crash recovery); RemoteId names it.</summary>
    AlreadyExists,

    /// <summary>The store refused the write; Error says why. Retried next cycle.</summary>
    Failed,

    /// <summary>
    /// The store cannot hold the item as it is (it refused this item, e.g. a 400); Error says why. Not retried: the write is
    /// quarantined with that reason until the item changes or the administrator releases it (<c>tandem retry</c>).
    /// </summary>
    Refused,
}

public sealed record WriteResult(
    WriteRequest Request,
    WriteOutcome Outcome,
    string? RemoteId = null,
    string? ChangeKey = null,
    string? Error = null);
