using Tandem.Core.Items;
using Tandem.Testing.Items;

namespace Tandem.Connectors.Local.Tests;

public sealed class LocalFolderSessionReadTests
{
    [Fact]
    public async Task ReadChanges_NullToken_ListsEveryItemFileAsComplete()
    {
        using var root = new TempRoot();
        var session = await Samples.OpenAsync(root.Path);
        await session.WriteAsync([Samples.Create(SampleItems.Contact("Ann", "Lee"), "a"), Samples.Create(SampleItems.Contact("Bo", "Ng"), "b")], default);

        var changes = await session.ReadChangesAsync(null, default);

        Assert.True(changes.IsComplete);
        Assert.Empty(changes.Deletions);
        Assert.Equal(["Ann Lee", "Bo Ng"], changes.Upserts.Select(u => u.Item!.Title).Order());
        Assert.All(changes.Upserts, u => Assert.Null(u.ParseError));
    }

    [Fact]
    public async Task ReadChanges_WithToken_ReportsOnlyAddedChangedAndDeletedFiles()
    {
        using var root = new TempRoot();
        var session = await Samples.OpenAsync(root.Path);
        await session.WriteAsync([Samples.Create(SampleItems.Contact("Ann", "Lee"), "a"), Samples.Create(SampleItems.Contact("Bo", "Ng"), "b"), Samples.Create(SampleItems.Contact("Cy", "Oh"), "c")], default);
        var first = await session.ReadChangesAsync(null, default);
        var dir = session.DirectoryPath;

        File.Delete(Path.Combine(dir, "b.vcf"));
        File.WriteAllText(Path.Combine(dir, "c.vcf"), Samples.HandMadeCard("Cy Oh-Changed", "Cy", "Oh-Changed"));
        File.WriteAllText(Path.Combine(dir, "new person.vcf"), Samples.HandMadeCard("Di Po", "Di", "Po"));
        var second = await session.ReadChangesAsync(first.NewToken, default);

        Assert.False(second.IsComplete);
        Assert.Equal(["b.vcf"], second.Deletions);
        Assert.Equal(["c.vcf", "new person.vcf"], second.Upserts.Select(u => u.RemoteId).Order(StringComparer.Ordinal));
        Assert.Equal("Cy Oh-Changed", second.Upserts.Single(u => u.RemoteId == "c.vcf").Item!.Title);
    }

    [Fact]
    public async Task ReadChanges_NothingChanged_ReturnsNoChangesAndTheSameToken()
    {
        using var root = new TempRoot();
        var session = await Samples.OpenAsync(root.Path);
        await session.WriteAsync([Samples.Create(SampleItems.Contact("Ann", "Lee"), "a")], default);
        var first = await session.ReadChangesAsync(null, default);

        var second = await session.ReadChangesAsync(first.NewToken, default);

        Assert.Empty(second.Upserts);
        Assert.Empty(second.Deletions);
        Assert.Equal(first.NewToken, second.NewToken);
    }

    [Fact]
    public async Task ReadChanges_QuietReadsThenAnEdit_EditReportedAgainstTheKeptToken()
    {
        using var root = new TempRoot();
        var session = await Samples.OpenAsync(root.Path);
        await session.WriteAsync([Samples.Create(SampleItems.Contact("Ann", "Lee"), "a"), Samples.Create(SampleItems.Contact("Bo", "Ng"), "b")], default);
        var token = (await session.ReadChangesAsync(null, default)).NewToken;
        for (var i = 0; i < 3; i++) token = (await session.ReadChangesAsync(token, default)).NewToken;

        File.WriteAllText(Path.Combine(session.DirectoryPath, "a.vcf"), Samples.HandMadeCard("Ann Lee-Edited", "Ann", "Lee-Edited"));
        var edited = await session.ReadChangesAsync(token, default);

        Assert.False(edited.IsComplete, "a quiet read must leave the snapshot its token names in place");
        Assert.Equal(["a.vcf"], edited.Upserts.Select(u => u.RemoteId));
        Assert.Empty(edited.Deletions);
    }

    [Fact]
    public async Task ReadChanges_BrokenFile_IsQuarantinedWithFileAndLineAndOthersStillRead()
    {
        using var root = new TempRoot();
        var session = await Samples.OpenAsync(root.Path);
        await session.WriteAsync([Samples.Create(SampleItems.Contact("Ann", "Lee"), "a")], default);
        var broken = Path.Combine(session.DirectoryPath, "broken.vcf");
        File.WriteAllText(broken, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Half a card\r\nthis line has no colon\r\nEND:VCARD\r\n");
        File.WriteAllText(Path.Combine(session.DirectoryPath, "ok.vcf"), Samples.HandMadeCard("Bo Ng", "Bo", "Ng"));

        var changes = await session.ReadChangesAsync(null, default);

        var bad = Assert.Single(changes.Upserts, u => u.RemoteId == "broken.vcf");
        Assert.Null(bad.Item);
        Assert.Contains("broken.vcf", bad.ParseError);
        Assert.Contains(":4", bad.ParseError);
        Assert.Equal(["Ann Lee", "Bo Ng"], changes.Upserts.Where(u => u.Item is not null).Select(u => u.Item!.Title).Order());
        Assert.True(File.Exists(broken));
    }

    [Fact]
    public async Task ReadChanges_FileWithSeveralCards_IsQuarantinedNotSplit()
    {
        using var root = new TempRoot();
        var session = await Samples.OpenAsync(root.Path);
        var path = Path.Combine(session.DirectoryPath, "export.vcf");
        File.WriteAllText(path, Samples.HandMadeCard("Ann Lee", "Ann", "Lee") + Samples.HandMadeCard("Bo Ng", "Bo", "Ng"));

        var changes = await session.ReadChangesAsync(null, default);

        var item = Assert.Single(changes.Upserts);
        Assert.Null(item.Item);
        Assert.Contains("2 items", item.ParseError);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task ReadChanges_HandAddedFileWithAnyName_IsAnUnstampedItem()
    {
        using var root = new TempRoot();
        var session = await Samples.OpenAsync(root.Path);
        File.WriteAllText(Path.Combine(session.DirectoryPath, "Jane Smith (old phone).VCF"), Samples.HandMadeCard("Jane Smith", "Jane", "Smith"));

        var changes = await session.ReadChangesAsync(null, default);

        var item = Assert.Single(changes.Upserts);
        Assert.Equal("Jane Smith (old phone).VCF", item.RemoteId);
        Assert.Equal("Jane Smith", item.Item!.Title);
        Assert.Null(item.Stamp);
    }

    [Fact]
    public async Task ReadChanges_TempDotAndForeignFiles_AreNotItems()
    {
        using var root = new TempRoot();
        var session = await Samples.OpenAsync(root.Path);
        File.WriteAllText(Path.Combine(session.DirectoryPath, ".tandem-tmp-123"), "partial");
        File.WriteAllText(Path.Combine(session.DirectoryPath, ".hidden.vcf"), Samples.HandMadeCard("Hidden One", "Hidden", "One"));
        File.WriteAllText(Path.Combine(session.DirectoryPath, "readme.txt"), "not a card");
        File.WriteAllText(Path.Combine(session.DirectoryPath, "real.vcf"), Samples.HandMadeCard("Real One", "Real", "One"));

        var changes = await session.ReadChangesAsync(null, default);

        Assert.Equal(["real.vcf"], changes.Upserts.Select(u => u.RemoteId));
    }

    [Fact]
    public async Task ReadChanges_TokenWhoseSnapshotIsGone_FallsBackToACompleteListing()
    {
        using var root = new TempRoot();
        var session = await Samples.OpenAsync(root.Path);
        await session.WriteAsync([Samples.Create(SampleItems.Contact("Ann", "Lee"), "a")], default);
        var first = await session.ReadChangesAsync(null, default);
        Directory.Delete(root.Combine(".tandem"), recursive: true);
        // a later run (the session that saved the snapshot still has it in memory, which is as good as the file)
        var later = await Samples.OpenAsync(root.Path);

        var second = await later.ReadChangesAsync(first.NewToken, default);

        Assert.True(second.IsComplete);
        Assert.Single(second.Upserts);
    }

    [Fact]
    public async Task ReadChanges_AgainFromTheTokenItJustGave_SnapshotFromMemoryNotDisk()
    {
        using var root = new TempRoot();
        var session = await Samples.OpenAsync(root.Path);
        await session.WriteAsync([Samples.Create(SampleItems.Contact("Ann", "Lee"), "a")], default);
        var first = await session.ReadChangesAsync(null, default);
        Directory.Delete(root.Combine(".tandem"), recursive: true);

        // the engine's read right after its writes: the snapshot is not read back from disk
        var again = await session.ReadChangesAsync(first.NewToken, default);

        Assert.False(again.IsComplete);
        Assert.Empty(again.Upserts);
        Assert.Equal(first.NewToken, again.NewToken);
    }

    [Fact]
    public async Task ReadChanges_EventInContactsFolder_IsQuarantinedForWrongKind()
    {
        using var root = new TempRoot();
        var calendar = await Samples.OpenAsync(root.Path, "files:alice@contoso.com/Calendar", ItemKind.Event);
        await calendar.WriteAsync([Samples.Create(SampleItems.Meeting("Review", 3), "m1")], default);
        var tasks = await Samples.OpenAsync(root.Path, "files:alice@contoso.com/Calendar", ItemKind.Task);

        var changes = await tasks.ReadChangesAsync(null, default);

        var item = Assert.Single(changes.Upserts);
        Assert.Null(item.Item);
        Assert.Contains("event", item.ParseError);
    }
}
