using Microsoft.Extensions.Logging;
using Tandem.Connectors.Ews.Notifications;
using Tandem.Connectors.Ews.Protocol;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;

namespace Tandem.Connectors.Ews.Sessions;

/// <summary>One opened EWS folder: SyncFolderItems for mailbox folders, FindItem scans for public folders.</summary>
internal sealed partial class EwsFolderSession : IFolderSession
{
    private readonly FolderContext _context;
    private readonly ILogger _log;
    private readonly Func<CancellationToken, Task<StreamingHub>> _hub;
    private readonly StampFinder _finder;
    private readonly OwnWrites _ownWrites;
    private readonly DeletedFolderWatch? _deleted;

    public EwsFolderSession(FolderRef folder, FolderContext context, Func<CancellationToken, Task<StreamingHub>> hub, ILogger log, DeletedFolderWatch? deleted = null)
    {
        _deleted = deleted;
        Folder = folder;
        _context = context;
        _hub = hub;
        _log = log;
        _finder = new StampFinder(context);
        _ownWrites = new OwnWrites(context.Time);
    }

    public FolderRef Folder { get; }

    internal FolderContext Context => _context;

    /// <summary>The reader's changes, with the folder's id put in the token (<see cref="FolderToken"/>).</summary>
    public async Task<ChangeSet> ReadChangesAsync(string? syncToken, CancellationToken cancellationToken)
    {
        var inner = FolderToken.Inner(syncToken);
        ChangeSet changes;
        try
        {
            changes = await (_context.IsPublic
                ? new PublicFolderChangeReader(_context, _ownWrites, _log).ReadAsync(inner, cancellationToken)
                : new MailboxChangeReader(_context, _ownWrites, _log).ReadAsync(inner, cancellationToken)).ConfigureAwait(false);
        }
        catch (EwsException e) when (e.ResponseCode is EwsCodes.FolderNotFound or EwsCodes.SyncFolderNotFound)
        {
            // deleted while this session had it open: the member fails with the reason, it is not read as empty
            throw new EwsException(e.ResponseCode, EwsConnector.FolderGone(Folder), e.HttpStatus, e);
        }
        if (_deleted is not null)
        {
            // before the changes are handed on: deletions (or a complete listing) read from a folder its user deleted must not spread
            await _deleted.ThrowIfDeletedAsync(Folder, changes.Deletions.Count > 0 || changes.IsComplete, cancellationToken).ConfigureAwait(false);
        }
        return changes with { NewToken = FolderToken.Join(_context.Folder.Id, changes.NewToken) };
    }

    public async Task<IReadOnlyList<WriteResult>> WriteAsync(IReadOnlyList<WriteRequest> writes, CancellationToken cancellationToken)
    {
        var results = await new ItemWriter(_context, _finder, _log).WriteAsync(writes, cancellationToken).ConfigureAwait(false);
        _ownWrites.Record(results);
        return results;
    }

    public async Task<IReadOnlyList<RemoteItem>> FindByStampAsync(string groupId, IReadOnlyCollection<string> logicalIds, CancellationToken cancellationToken)
    {
        var found = await _finder.FindIdsAsync(groupId, logicalIds, cancellationToken).ConfigureAwait(false);
        if (found.Count == 0) return [];
        var fetched = await new ItemFetcher(_context).FetchAsync(found.Values.Select(f => f.Id).ToArray(), cancellationToken).ConfigureAwait(false);
        return fetched.Items;
    }

    /// <summary>
    /// Streaming notifications through the connector's hub (shared GetStreamingEvents connections). Public folders stream
    /// when Autodiscover gave their routing headers; otherwise, and for folders beyond Exchange's limits, null: the
    /// service polls. The callback also runs after every reconnect or new subscription, to catch up.
    /// </summary>
    public async Task<IAsyncDisposable?> SubscribeAsync(Action onChange, CancellationToken cancellationToken)
    {
        var hub = await _hub(cancellationToken).ConfigureAwait(false);
        return await hub.SubscribeAsync(_context, Folder.ToString(), onChange, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
