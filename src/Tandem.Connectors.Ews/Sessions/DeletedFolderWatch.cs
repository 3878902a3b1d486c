using Tandem.Connectors.Ews.Folders;
using Tandem.Connectors.Ews.Protocol;
using Tandem.Core.Groups;

namespace Tandem.Connectors.Ews.Sessions;

/// <summary>
/// The service keeps a folder session open across cycles, so a folder its user deletes in Outlook (moved to Deleted
/// Items, its id still good) must also be noticed while the session lives. Checked when a read brings deletions (the
/// case that would spread) and otherwise at most every <see cref="RecheckEvery"/>, so quiet reads cost nothing extra.
/// </summary>
internal sealed class DeletedFolderWatch(DeletedItemsCheck check, string mailbox, FolderContext context)
{
    public static readonly TimeSpan RecheckEvery = TimeSpan.FromMinutes(15);

    private DateTimeOffset _checked = context.Time.GetUtcNow();

    public async Task ThrowIfDeletedAsync(FolderRef member, bool readDeletions, CancellationToken ct)
    {
        var now = context.Time.GetUtcNow();
        if (!readDeletions && now - _checked < RecheckEvery) return;
        var entry = await new FolderResolver(context.Client).GetAsync(context.Folder, context.Call, ct).ConfigureAwait(false)
            ?? throw new EwsException(EwsCodes.FolderNotFound, EwsConnector.FolderGone(member));
        if (await check.IsDeletedAsync(entry, member, mailbox, context.Call, ct).ConfigureAwait(false))
        {
            throw new EwsException(EwsCodes.FolderNotFound, EwsConnector.FolderInDeletedItems(member));
        }
        _checked = now;
    }
}
