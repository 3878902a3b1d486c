namespace Tandem.Core.Connectors;

/// <summary>
/// A session whose change tokens it builds itself (a scan snapshot, not a server's token) can name the token that covers
/// its own writes without reading the folder again: the state <c>syncToken</c> described plus exactly those writes. The
/// engine's catch-up read after writing exists to get such a token; for a big local folder that read is a second scan of
/// every file, a third of an edits-only cycle. A user's change made meanwhile is not in that token, so the next read
/// still reports it.
/// </summary>
public interface IOwnWritesToken
{
    /// <summary>
    /// The token of <paramref name="syncToken"/>'s state plus these writes of this session, as the engine recorded them
    /// (remote id → the change key the write returned; remote ids it deleted). Null when the session cannot vouch for
    /// every one of them (a write it did not make, a key that differs, a token it no longer has): the engine then reads.
    /// </summary>
    string? TokenAfterOwnWrites(string syncToken, IReadOnlyDictionary<string, string?> written, IReadOnlyCollection<string> deleted);
}
