using Microsoft.Extensions.Logging;
using Tandem.Connectors.Ews.Notifications;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;

namespace Tandem.Connectors.Ews.Sessions;

/// <summary>One opened EWS folder: SyncFolderItems for mailbox folders, FindItem scans for public folders.</summary>
internal sealed partial class EwsFolderSession : IFolderSession
{
    private readonly FolderContext _context;
    private readonly ILogger _log;
    private readonly StreamingOptions _streaming;
    private readonly StampFinder _finder;
    private readonly OwnWrites _ownWrites;

    public EwsFolderSession(FolderRef folder, FolderContext context, StreamingOptions streaming, ILogger log)
    {
        Folder = folder;
        _context = context;
        _streaming = streaming;
        _log = log;
        _finder = new StampFinder(context);
        _ownWrites = new OwnWrites(context.Time);
    }

    public FolderRef Folder { get; }

    internal FolderContext Context => _context;

    public Task<ChangeSet> ReadChangesAsync(string? syncToken, CancellationToken cancellationToken) => _context.IsPublic
        ? new PublicFolderChangeReader(_context, _ownWrites, _log).ReadAsync(syncToken, cancellationToken)
        : new MailboxChangeReader(_context, _ownWrites, _log).ReadAsync(syncToken, cancellationToken);

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
    /// Streaming notifications for mailbox folders. Public folders return null (the service polls):
    /// notifications on modern public folders are not reliable enough to drive sync (ews-notes.md §1.6).
    /// </summary>
    public async Task<IAsyncDisposable?> SubscribeAsync(Action onChange, CancellationToken cancellationToken)
    {
        if (_context.IsPublic) return null;
        try
        {
            return await StreamingSubscription.StartAsync(_context.Client, _context.Folder, _context.Call, onChange, _streaming, _context.Time, _log, cancellationToken).ConfigureAwait(false);
        }
        catch (EwsException ex)
        {
            // Too many subscriptions, streaming disabled, an old server: the service polls instead.
            LogNoStreaming(_log, Folder.ToString(), ex.ResponseCode);
            return null;
        }
    }

    [LoggerMessage(EventId = 2404, Level = LogLevel.Warning, Message = "Folder {Folder}: no streaming subscription ({Code}); polling instead")]
    private static partial void LogNoStreaming(ILogger logger, string folder, string code);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
