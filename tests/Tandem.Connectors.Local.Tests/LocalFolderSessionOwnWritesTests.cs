using Tandem.Core.Connectors;
using Tandem.Core.Items;
using Tandem.Testing.Items;

namespace Tandem.Connectors.Local.Tests;

/// <summary>
/// The token a session names for its own writes (the engine's catch-up without a second scan) must cover exactly those
/// writes: every other change since the read is still reported by the next read, from a fresh session (no memory of
/// what was written), and a file we created that its user deletes afterwards is reported deleted.
/// </summary>
public sealed class LocalFolderSessionOwnWritesTests
{
    private sealed record Setup(LocalFolderSession Session, string Token, WriteResult Kept, WriteResult Updated, WriteResult Deleted, WriteResult UserEdited);

    /// <summary>Four files read once; then this session creates one, updates one, deletes one, and a user edits the fourth.</summary>
    private static async Task<(Setup Setup, IReadOnlyList<WriteResult> Writes)> WriteAfterAReadAsync(string root)
    {
        var session = await Samples.OpenAsync(root);
        var made = await session.WriteAsync([Samples.Create(SampleItems.Contact("Ann", "Lee"), "L-1"), Samples.Create(SampleItems.Contact("Bob", "Lee"), "L-2"),
            Samples.Create(SampleItems.Contact("Cy", "Lee"), "L-3"), Samples.Create(SampleItems.Contact("Di", "Lee"), "L-4")], default);
        var token = (await session.ReadChangesAsync(null, default)).NewToken!;
        var setup = new Setup(session, token, made[0], made[1], made[2], made[3]);

        File.WriteAllText(Path.Combine(session.DirectoryPath, made[3].RemoteId!), Samples.HandMadeCard("Di Edited", "Di", "Edited"));
        var writes = await session.WriteAsync(
        [
            Samples.Create(SampleItems.Contact("Eve", "Lee"), "L-5"),
            new WriteRequest(WriteKind.Update, Samples.Stamp("L-2"), SampleItems.Contact("Bob", "Lee-Smith"), made[1].RemoteId, made[1].ChangeKey),
            new WriteRequest(WriteKind.Delete, Samples.Stamp("L-3"), RemoteId: made[2].RemoteId, ExpectedChangeKey: made[2].ChangeKey),
        ], default);
        Assert.All(writes, w => Assert.Equal(WriteOutcome.Ok, w.Outcome));
        return (setup, writes);
    }

    private static Dictionary<string, string?> Written(IEnumerable<WriteResult> writes) =>
        writes.Where(w => w.Request.Kind != WriteKind.Delete).ToDictionary(w => w.RemoteId!, w => w.ChangeKey, StringComparer.Ordinal);

    [Fact]
    public async Task TokenAfterOwnWrites_NextReadReportsOnlyTheUsersChange_ThenAUsersDeletionOfACreatedFile()
    {
        using var root = new TempRoot();
        var (setup, writes) = await WriteAfterAReadAsync(root.Path);

        var covered = setup.Session.TokenAfterOwnWrites(setup.Token, Written(writes), [setup.Deleted.RemoteId!]);

        Assert.NotNull(covered);
        var fresh = await Samples.OpenAsync(root.Path);
        var next = await fresh.ReadChangesAsync(covered, default);
        Assert.False(next.IsComplete);
        Assert.Equal(setup.UserEdited.RemoteId, Assert.Single(next.Upserts).RemoteId);
        Assert.Empty(next.Deletions);

        File.Delete(Path.Combine(fresh.DirectoryPath, writes[0].RemoteId!));
        var after = await (await Samples.OpenAsync(root.Path)).ReadChangesAsync(next.NewToken, default);
        Assert.Equal([writes[0].RemoteId!], after.Deletions);
        Assert.Empty(after.Upserts);
    }

    [Fact]
    public async Task TokenAfterOwnWrites_AWriteThisSessionDidNotMakeAsRecorded_IsNull_SoTheEngineReads()
    {
        using var root = new TempRoot();
        var (setup, writes) = await WriteAfterAReadAsync(root.Path);
        var written = Written(writes);

        var otherKey = new Dictionary<string, string?>(written) { [writes[1].RemoteId!] = setup.Updated.ChangeKey };
        Assert.Null(setup.Session.TokenAfterOwnWrites(setup.Token, otherKey, [setup.Deleted.RemoteId!]));
        var notOurs = new Dictionary<string, string?>(written) { ["L-9.vcf"] = setup.UserEdited.ChangeKey };
        Assert.Null(setup.Session.TokenAfterOwnWrites(setup.Token, notOurs, [setup.Deleted.RemoteId!]));
        Assert.Null(setup.Session.TokenAfterOwnWrites(setup.Token, written, [setup.Kept.RemoteId!]));
        Assert.Null(setup.Session.TokenAfterOwnWrites("local1:0000000000000000", written, [setup.Deleted.RemoteId!]));
        Assert.NotNull(setup.Session.TokenAfterOwnWrites(setup.Token, written, [setup.Deleted.RemoteId!]));
    }
}
