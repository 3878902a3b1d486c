using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Testing.Items;

namespace Tandem.Connectors.Local.Tests;

public sealed class LocalFolderSessionWriteTests
{
    [Fact]
    public async Task Create_NewItem_WritesOneStampedFileNamedAfterTheLogicalId()
    {
        using var root = new TempRoot();
        var session = await Samples.OpenAsync(root.Path);

        var result = Assert.Single(await session.WriteAsync([Samples.Create(SampleItems.Contact("Ann", "Lee"), "L-1")], default));

        Assert.Equal(WriteOutcome.Ok, result.Outcome);
        Assert.Equal("L-1.vcf", result.RemoteId);
        Assert.Contains("X-TANDEM-STAMP:company/L-1/intent-L-1", File.ReadAllText(Path.Combine(session.DirectoryPath, "L-1.vcf")));
        var read = Assert.Single((await session.ReadChangesAsync(null, default)).Upserts);
        Assert.Equal(Samples.Stamp("L-1"), read.Stamp);
        Assert.DoesNotContain(read.Item!.Extras, e => e.Name == "X-TANDEM-STAMP");
        Assert.Equal(result.ChangeKey, read.ChangeKey);
    }

    [Fact]
    public async Task Create_RepeatedAfterACrash_ReportsAlreadyExistsAndKeepsOneFile()
    {
        using var root = new TempRoot();
        var session = await Samples.OpenAsync(root.Path);
        var first = (await session.WriteAsync([Samples.Create(SampleItems.Contact("Ann", "Lee"), "L-1")], default))[0];

        var again = (await session.WriteAsync([Samples.Create(SampleItems.Contact("Ann", "Lee"), "L-1")], default))[0];

        Assert.Equal(WriteOutcome.AlreadyExists, again.Outcome);
        Assert.Equal(first.RemoteId, again.RemoteId);
        Assert.Equal(first.ChangeKey, again.ChangeKey);
        Assert.Single(Directory.GetFiles(session.DirectoryPath));
    }

    [Fact]
    public async Task Write_BatchWithTwoCreatesOfOneItem_OneFileOneAlreadyExists()
    {
        using var root = new TempRoot();
        var session = await Samples.OpenAsync(root.Path);
        var batch = Enumerable.Range(0, 50).Select(i => Samples.Create(SampleItems.Contact($"P{i}", "Q"), $"L-{i}")).Append(Samples.Create(SampleItems.Contact("P7", "Q"), "L-7")).ToList();

        var results = await session.WriteAsync(batch, default);

        Assert.Equal(batch, results.Select(r => r.Request));
        Assert.Equal(50, results.Count(r => r.Outcome == WriteOutcome.Ok));
        Assert.Equal(WriteOutcome.AlreadyExists, results[^1].Outcome);
        Assert.Equal("L-7.vcf", results[^1].RemoteId);
        Assert.Equal(50, Directory.GetFiles(session.DirectoryPath, "*.vcf").Length);
    }

    [Fact]
    public async Task Create_NameTakenByAHandMadeFile_UsesTheAlternateNameAndLeavesTheFileAlone()
    {
        using var root = new TempRoot();
        var session = await Samples.OpenAsync(root.Path);
        var foreign = Path.Combine(session.DirectoryPath, "L-1.vcf");
        var handMade = Samples.HandMadeCard("Someone Else", "Someone", "Else");
        File.WriteAllText(foreign, handMade);

        var result = (await session.WriteAsync([Samples.Create(SampleItems.Contact("Ann", "Lee"), "L-1")], default))[0];

        Assert.Equal(WriteOutcome.Ok, result.Outcome);
        Assert.NotEqual("L-1.vcf", result.RemoteId);
        Assert.Equal(handMade, File.ReadAllText(foreign));
        var found = await session.FindByStampAsync("company", ["L-1"], default);
        Assert.Equal(result.RemoteId, Assert.Single(found).RemoteId);
    }

    [Fact]
    public async Task Update_WithTheCurrentChangeKey_ReplacesTheFileAndReturnsItsNewKey()
    {
        using var root = new TempRoot();
        var session = await Samples.OpenAsync(root.Path);
        var created = (await session.WriteAsync([Samples.Create(SampleItems.Contact("Ann", "Lee"), "L-1")], default))[0];

        var update = new WriteRequest(WriteKind.Update, Samples.Stamp("L-1"), SampleItems.Contact("Ann", "Lee-Smith"), created.RemoteId, created.ChangeKey);
        var result = (await session.WriteAsync([update], default))[0];

        Assert.Equal(WriteOutcome.Ok, result.Outcome);
        Assert.NotEqual(created.ChangeKey, result.ChangeKey);
        var read = Assert.Single((await session.ReadChangesAsync(null, default)).Upserts);
        Assert.Equal("Ann Lee-Smith", read.Item!.Title);
        Assert.Equal(result.ChangeKey, read.ChangeKey);
        Assert.Empty(Directory.GetFiles(session.DirectoryPath, ".*"));
    }

    [Fact]
    public async Task Write_DurableBatch_EachOutcomeAsWithoutBatchingAndNoTempFileLeft()
    {
        using var root = new TempRoot();
        var session = (LocalFolderSession)await Samples.Connector(root.Path, durable: true)
            .OpenFolderAsync(FolderRef.Parse("files:alice@contoso.com/Contacts/Company"), ItemKind.Contact, create: true, default);
        var setup = await session.WriteAsync([Samples.Create(SampleItems.Contact("Ann", "Lee"), "L-1"), Samples.Create(SampleItems.Contact("Bob", "Lee"), "L-2"),
            Samples.Create(SampleItems.Contact("Cy", "Lee"), "L-3"), Samples.Create(SampleItems.Contact("Di", "Lee"), "L-4")], default);
        Assert.All(setup, r => Assert.Equal(WriteOutcome.Ok, r.Outcome));
        var handMade = Samples.HandMadeCard("Someone Else", "Someone", "Else");
        File.WriteAllText(Path.Combine(session.DirectoryPath, "L-6.vcf"), handMade);
        var userEdit = Samples.HandMadeCard("Cy Edited", "Cy", "Edited");
        File.WriteAllText(Path.Combine(session.DirectoryPath, setup[2].RemoteId!), userEdit);

        var results = await session.WriteAsync(
        [
            Samples.Create(SampleItems.Contact("Eve", "Lee"), "L-5"),
            Samples.Create(SampleItems.Contact("Fay", "Lee"), "L-6"), // its name taken by a hand-made file
            Samples.Create(SampleItems.Contact("Ann", "Lee"), "L-1"), // repeated after a crash
            new WriteRequest(WriteKind.Update, Samples.Stamp("L-2"), SampleItems.Contact("Bob", "Lee-Smith"), setup[1].RemoteId, setup[1].ChangeKey),
            new WriteRequest(WriteKind.Update, Samples.Stamp("L-3"), SampleItems.Contact("Cy", "Other"), setup[2].RemoteId, setup[2].ChangeKey),
            new WriteRequest(WriteKind.Delete, Samples.Stamp("L-4"), RemoteId: setup[3].RemoteId, ExpectedChangeKey: setup[3].ChangeKey),
        ], default);

        Assert.Equal([WriteOutcome.Ok, WriteOutcome.Ok, WriteOutcome.AlreadyExists, WriteOutcome.Ok, WriteOutcome.Conflict, WriteOutcome.Ok], results.Select(r => r.Outcome));
        Assert.Equal("L-5.vcf", results[0].RemoteId);
        Assert.NotEqual("L-6.vcf", results[1].RemoteId);
        Assert.Equal(handMade, File.ReadAllText(Path.Combine(session.DirectoryPath, "L-6.vcf")));
        Assert.Equal(setup[0].ChangeKey, results[2].ChangeKey);
        Assert.Equal(userEdit, File.ReadAllText(Path.Combine(session.DirectoryPath, setup[2].RemoteId!)));
        Assert.False(File.Exists(Path.Combine(session.DirectoryPath, setup[3].RemoteId!)));
        Assert.Empty(Directory.GetFiles(session.DirectoryPath, ".*"));
        // what a fresh read finds is what the results said: the keys match, so the engine sees its own writes
        var other = await Samples.Connector(root.Path).OpenFolderAsync(FolderRef.Parse("files:alice@contoso.com/Contacts/Company"), ItemKind.Contact, create: false, default);
        var read = (await other.ReadChangesAsync(null, default)).Upserts.ToDictionary(u => u.RemoteId);
        Assert.Equal(6, read.Count);
        Assert.Equal(results[0].ChangeKey, read["L-5.vcf"].ChangeKey);
        Assert.Equal(results[1].ChangeKey, read[results[1].RemoteId!].ChangeKey);
        Assert.Equal(results[3].ChangeKey, read[setup[1].RemoteId!].ChangeKey);
        Assert.Equal("Bob Lee-Smith", read[setup[1].RemoteId!].Item!.Title);
    }

    [Fact]
    public async Task Update_FileEditedSinceTheKey_ReportsConflictAndKeepsTheEdit()
    {
        using var root = new TempRoot();
        var session = await Samples.OpenAsync(root.Path);
        var created = (await session.WriteAsync([Samples.Create(SampleItems.Contact("Ann", "Lee"), "L-1")], default))[0];
        var path = Path.Combine(session.DirectoryPath, created.RemoteId!);
        var userEdit = Samples.HandMadeCard("Ann Edited", "Ann", "Edited");
        File.WriteAllText(path, userEdit);

        var update = new WriteRequest(WriteKind.Update, Samples.Stamp("L-1"), SampleItems.Contact("Ann", "Other"), created.RemoteId, created.ChangeKey);
        var result = (await session.WriteAsync([update], default))[0];

        Assert.Equal(WriteOutcome.Conflict, result.Outcome);
        Assert.Equal(userEdit, File.ReadAllText(path));
    }

    [Fact]
    public async Task Update_SameSizeRewriteWithRestoredTime_StillConflictsByHash()
    {
        using var root = new TempRoot();
        var session = await Samples.OpenAsync(root.Path);
        var created = (await session.WriteAsync([Samples.Create(SampleItems.Contact("Ann", "Lee"), "L-1")], default))[0];
        var path = Path.Combine(session.DirectoryPath, created.RemoteId!);
        var mtime = File.GetLastWriteTimeUtc(path);
        var text = File.ReadAllText(path);
        File.WriteAllText(path, text.Replace("Ann", "Bob", StringComparison.Ordinal));
        File.SetLastWriteTimeUtc(path, mtime);

        var delete = new WriteRequest(WriteKind.Delete, Samples.Stamp("L-1"), RemoteId: created.RemoteId, ExpectedChangeKey: created.ChangeKey);
        var result = (await session.WriteAsync([delete], default))[0];

        Assert.Equal(WriteOutcome.Conflict, result.Outcome);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task Delete_WithTheCurrentKey_RemovesTheFile()
    {
        using var root = new TempRoot();
        var session = await Samples.OpenAsync(root.Path);
        var created = (await session.WriteAsync([Samples.Create(SampleItems.Contact("Ann", "Lee"), "L-1")], default))[0];

        var result = (await session.WriteAsync([new WriteRequest(WriteKind.Delete, Samples.Stamp("L-1"), RemoteId: created.RemoteId, ExpectedChangeKey: created.ChangeKey)], default))[0];

        Assert.Equal(WriteOutcome.Ok, result.Outcome);
        Assert.Empty(Directory.GetFiles(session.DirectoryPath));
    }

    [Fact]
    public async Task Delete_FileAlreadyGone_ReportsNotFound()
    {
        using var root = new TempRoot();
        var session = await Samples.OpenAsync(root.Path);

        var result = (await session.WriteAsync([new WriteRequest(WriteKind.Delete, Samples.Stamp("L-9"), RemoteId: "L-9.vcf", ExpectedChangeKey: "1.2.3")], default))[0];

        Assert.Equal(WriteOutcome.NotFound, result.Outcome);
    }

    [Fact]
    public async Task Write_RemoteIdWithAPath_FailsWithoutTouchingAnythingOutsideTheFolder()
    {
        using var root = new TempRoot();
        var session = await Samples.OpenAsync(root.Path);
        var outside = root.Combine("outside.vcf");
        File.WriteAllText(outside, Samples.HandMadeCard("Out Side", "Out", "Side"));

        var result = (await session.WriteAsync([new WriteRequest(WriteKind.Delete, Samples.Stamp("x"), RemoteId: "../../../outside.vcf")], default))[0];

        Assert.Equal(WriteOutcome.Failed, result.Outcome);
        Assert.True(File.Exists(outside));
    }

    [Fact]
    public async Task FindByStamp_FileRenamedByAUser_IsStillFound()
    {
        using var root = new TempRoot();
        var session = await Samples.OpenAsync(root.Path);
        await session.WriteAsync([Samples.Create(SampleItems.Contact("Ann", "Lee"), "L-1"), Samples.Create(SampleItems.Contact("Bo", "Ng"), "L-2")], default);
        File.Move(Path.Combine(session.DirectoryPath, "L-2.vcf"), Path.Combine(session.DirectoryPath, "Bo Ng.vcf"));

        var found = await session.FindByStampAsync("company", ["L-1", "L-2", "L-3"], default);

        Assert.Equal(["Bo Ng.vcf", "L-1.vcf"], found.Select(f => f.RemoteId).Order(StringComparer.Ordinal));
        Assert.Empty(await session.FindByStampAsync("other-group", ["L-1"], default));
    }

    [Fact]
    public async Task Create_Event_KeepsItsUidAndReadsBackEqual()
    {
        using var root = new TempRoot();
        var session = await Samples.OpenAsync(root.Path, "files:alice@contoso.com/Calendar", ItemKind.Event);
        var meeting = SampleItems.Meeting("Quarterly review", 12);

        var result = (await session.WriteAsync([Samples.Create(meeting, "E-1", "calendar")], default))[0];

        Assert.Equal("E-1.ics", result.RemoteId);
        var read = Assert.Single((await session.ReadChangesAsync(null, default)).Upserts);
        Assert.Equal(meeting.Uid, read.Item!.Uid);
        Assert.Equal(ContentHash.Compute(meeting), ContentHash.Compute(read.Item));
    }
}
