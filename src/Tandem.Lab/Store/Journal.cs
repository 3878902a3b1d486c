namespace Tandem.Lab.Store;

/// <summary>
/// What one owner (mailbox or public-folder store) changed since its last commit: the dirty marks for the database and
/// the events for subscribers. Only touched under that owner's lock, so a commit never sees another request's half-done work.
/// </summary>
internal sealed class Journal
{
    public DirtySet Dirty { get; } = new();

    public List<StoreEvent> Events { get; } = [];
}
