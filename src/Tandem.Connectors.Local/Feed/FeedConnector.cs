using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;

namespace Tandem.Connectors.Local.Feed;

/// <summary>A published feed (one URL) as a connection with one read-only folder; any folder reference names it.</summary>
internal sealed class FeedConnector(ConnectionDefinition connection, FeedSettings settings, HttpClient http, bool ownsHttp, TimeProvider time) : IConnector
{
    public ConnectionDefinition Connection => connection;

    public Task<IReadOnlyList<FolderInfo>> ListFoldersAsync(string? mailbox, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<FolderInfo>>([new FolderInfo("feed", settings.Url.AbsolutePath.Trim('/') is { Length: > 0 } p ? p : "feed", null, null)]);

    public Task<IFolderSession> OpenFolderAsync(FolderRef folder, ItemKind kind, bool create, CancellationToken cancellationToken)
    {
        IItemFileFormat format = kind == ItemKind.Contact ? new VCardFileFormat(Formats.VCard.VCardVersion.V30) : new ICalendarFileFormat(time);
        return Task.FromResult<IFolderSession>(new FeedSession(folder, kind, format, new FeedClient(http, settings.Url), settings.Poll, time));
    }

    public ValueTask DisposeAsync()
    {
        if (ownsHttp) http.Dispose();
        return ValueTask.CompletedTask;
    }
}
