using Tandem.Core.Connectors;
using Tandem.Core.Items;

namespace Tandem.Testing.Contract;

/// <summary>
/// A fresh, empty folder for one contract case: <see cref="Session"/> is the connector under test, and the User*
/// methods change the folder out of band, as a person in Outlook (or an editor on the files) would — through
/// <paramref name="user"/>, an independent client of the same folder, so the session under test has no memory of them.
/// </summary>
public sealed class ContractFolder(IFolderSession session, IFolderSession user, ItemKind kind, Func<ValueTask>? cleanup = null) : IAsyncDisposable
{
    private int _userItems;

    public IFolderSession Session { get; } = session;

    public ItemKind Kind { get; } = kind;

    /// <summary>Adds an item as the user; returns its remote id.</summary>
    public async Task<string> UserCreateAsync(CanonicalItem item)
    {
        // The user's client stamps in its own group: it is not the engine, and the stamp is how this folder's items are told apart.
        var stamp = new ItemStamp("user", "user-" + Interlocked.Increment(ref _userItems), "user");
        var result = Assert.Single(await user.WriteAsync([new WriteRequest(WriteKind.Create, stamp, item)], ContractCancellation.Token));
        Assert.True(result.Outcome == WriteOutcome.Ok && result.RemoteId is not null, $"the user's create failed: {result.Outcome} {result.Error}");
        return result.RemoteId!;
    }

    public async Task UserEditAsync(string remoteId, CanonicalItem item)
    {
        var current = await CurrentAsync(remoteId);
        var result = Assert.Single(await user.WriteAsync([new WriteRequest(WriteKind.Update, current.Stamp ?? new ItemStamp("user", "edit", "user"), item, remoteId, current.ChangeKey)], ContractCancellation.Token));
        Assert.True(result.Outcome == WriteOutcome.Ok, $"the user's edit failed: {result.Outcome} {result.Error}");
    }

    public async Task UserDeleteAsync(string remoteId)
    {
        var current = await CurrentAsync(remoteId);
        var result = Assert.Single(await user.WriteAsync([new WriteRequest(WriteKind.Delete, current.Stamp ?? new ItemStamp("user", "delete", "user"), RemoteId: remoteId, ExpectedChangeKey: current.ChangeKey)], ContractCancellation.Token));
        Assert.True(result.Outcome == WriteOutcome.Ok, $"the user's delete failed: {result.Outcome} {result.Error}");
    }

    /// <summary>The folder's whole content as a reader that remembers nothing sees it.</summary>
    public async Task<IReadOnlyList<RemoteItem>> ContentAsync()
    {
        var all = await user.ReadChangesAsync(null, ContractCancellation.Token);
        Assert.True(all.IsComplete, "a read without a token must be a complete listing");
        return all.Upserts;
    }

    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        await user.DisposeAsync();
        if (cleanup is not null) await cleanup();
    }

    private async Task<RemoteItem> CurrentAsync(string remoteId) =>
        (await ContentAsync()).SingleOrDefault(i => i.RemoteId == remoteId) ?? throw new InvalidOperationException($"the user cannot see {remoteId}");
}
