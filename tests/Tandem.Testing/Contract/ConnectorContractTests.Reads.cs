using Tandem.Core.Connectors;
using Tandem.Core.Items;
using Tandem.Testing.Items;

namespace Tandem.Testing.Contract;

/// <summary>Reads: complete first listings, incremental reads that see the user's changes and nothing else.</summary>
public abstract partial class ConnectorContractTests
{
    [SkippableFact]
    public async Task FirstRead_IsCompleteWithEveryItemAndAToken()
    {
        await using var folder = await StartAsync();
        var a = await folder.UserCreateAsync(Sample("Alpha"));
        var b = await folder.UserCreateAsync(Sample("Bravo"));

        var changes = await folder.Session.ReadChangesAsync(null, Ct);

        Assert.True(changes.IsComplete, "a read without a token is the folder's whole content");
        Assert.False(string.IsNullOrEmpty(changes.NewToken));
        Assert.Equal(new[] { a, b }.Order(StringComparer.Ordinal), changes.Upserts.Select(u => u.RemoteId).Order(StringComparer.Ordinal));
        Assert.All(changes.Upserts, u => Assert.False(string.IsNullOrEmpty(u.ChangeKey)));
        Assert.Empty(changes.Deletions);
    }

    [SkippableFact]
    public async Task IncrementalRead_ReportsTheUsersCreateEditAndDelete()
    {
        await using var folder = await StartAsync();
        var edited = await folder.UserCreateAsync(Sample("Alpha"));
        var deleted = await folder.UserCreateAsync(Sample("Bravo"));
        var kept = await folder.UserCreateAsync(Sample("Charlie"));
        var first = await folder.Session.ReadChangesAsync(null, Ct);
        var keptKey = first.Upserts.Single(u => u.RemoteId == kept).ChangeKey;

        var created = await folder.UserCreateAsync(Sample("Delta"));
        await folder.UserEditAsync(edited, Sample("Echo"));
        await folder.UserDeleteAsync(deleted);
        var changes = await folder.Session.ReadChangesAsync(first.NewToken, Ct);

        AssertSameContent(Sample("Delta"), Assert.Single(changes.Upserts, u => u.RemoteId == created));
        AssertSameContent(Sample("Echo"), Assert.Single(changes.Upserts, u => u.RemoteId == edited));
        Assert.True(SaysDeleted(changes, deleted), "the user's deletion is reported");
        Assert.False(SaysDeleted(changes, kept), "an untouched item is not reported deleted");
        Assert.All(changes.Upserts.Where(u => u.RemoteId == kept), u => Assert.Equal(keptKey, u.ChangeKey));
        Assert.NotEqual(first.NewToken, changes.NewToken);
    }

    [SkippableFact]
    public async Task IncrementalRead_NothingChanged_ReportsNothing()
    {
        await using var folder = await StartAsync();
        await folder.UserCreateAsync(Sample("Alpha"));
        await folder.UserCreateAsync(Sample("Bravo"));
        var first = await folder.Session.ReadChangesAsync(null, Ct);

        var again = await folder.Session.ReadChangesAsync(first.NewToken, Ct);

        Assert.Empty(again.Deletions);
        if (again.IsComplete)
        {
            // A store that can only list everything must at least show nothing changed.
            Assert.Equal(first.Upserts.Select(u => (u.RemoteId, u.ChangeKey)).Order(), again.Upserts.Select(u => (u.RemoteId, u.ChangeKey)).Order());
        }
        else
        {
            Assert.Empty(again.Upserts);
        }
    }

    [SkippableFact]
    public async Task Create_ReturnsTheChangeKeyLaterReadsReport()
    {
        await using var folder = await StartAsync();
        var before = await folder.Session.ReadChangesAsync(null, Ct);

        var created = await CreateAsync(folder, Sample("Alpha"), "L-1");

        // The engine recognises its own write coming back by this change key; a different one would look like a user's edit.
        var delta = await folder.Session.ReadChangesAsync(before.NewToken, Ct);
        Assert.All(delta.Upserts.Where(u => u.RemoteId == created.RemoteId), u => Assert.Equal(created.ChangeKey, u.ChangeKey));
        var listed = Assert.Single(await folder.ContentAsync(), u => u.RemoteId == created.RemoteId);
        Assert.Equal(created.ChangeKey, listed.ChangeKey);
        Assert.Equal(SampleItemsStamp("L-1"), listed.Stamp);
    }

    private static ItemStamp SampleItemsStamp(string logicalId) => SampleItems.Stamp(logicalId, "contract");
}
