using System.Text;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;

namespace Tandem.Connectors.Local.Tests;

/// <summary>A company contact list as one .vcf file: item by item, one broken card quarantined, edits found, writes whole.</summary>
public sealed class MultiItemFileTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempRoot _root = new();

    private string FilePath => _root.Combine("shared", "company.vcf");

    private async Task<IFolderSession> OpenAsync() =>
        await Samples.Connector(_root.Path).OpenFolderAsync(FolderRef.Parse("files:shared/company.vcf"), ItemKind.Contact, create: false, Ct);

    private void WriteFile(IEnumerable<string> cards)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        File.WriteAllText(FilePath, string.Concat(cards));
    }

    private static string Card(int i) => Samples.HandMadeCard($"Person {i}", $"Given{i}", $"Surname{i}").Replace("END:VCARD", $"UID:person-{i}\r\nEND:VCARD", StringComparison.Ordinal);

    [Fact]
    public async Task ReadChanges_OneBrokenCard_QuarantinesItAndKeepsTheRest()
    {
        var cards = Enumerable.Range(0, 50).Select(Card).ToList();
        cards[17] = "BEGIN:VCARD\r\nVERSION:3.0\r\nN;broken\r\nEND:VCARD\r\n";
        WriteFile(cards);
        await using var session = await OpenAsync();
        var changes = await session.ReadChangesAsync(null, Ct);
        Assert.Equal(49, changes.Upserts.Count(u => u.Item is not null));
        var bad = Assert.Single(changes.Upserts, u => u.Item is null);
        Assert.False(string.IsNullOrEmpty(bad.ParseError));
        Assert.Contains(changes.Upserts, u => u.RemoteId == "uid:person-18" && u.Item is Contact { DisplayName: "Person 18" });

        // Rewriting the file would drop the broken card: writes are refused with the reason, and the file is untouched.
        var before = File.ReadAllBytes(FilePath);
        var results = await session.WriteAsync([Samples.Create(new Contact { DisplayName = "New" }, "n1")], Ct);
        Assert.Equal(WriteOutcome.Failed, Assert.Single(results).Outcome);
        Assert.Contains("unreadable", Assert.Single(results).Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(FilePath));
    }

    [Fact]
    public async Task ReadChanges_EditInTheFile_OnlyThatItemChangesAndAnUntouchedFileIsNotRead()
    {
        WriteFile(Enumerable.Range(0, 200).Select(Card));
        await using var session = await OpenAsync();
        var first = await session.ReadChangesAsync(null, Ct);
        Assert.Equal(200, first.Upserts.Count);

        var idle = await session.ReadChangesAsync(first.NewToken, Ct);
        Assert.Empty(idle.Upserts);
        Assert.Empty(idle.Deletions);

        File.WriteAllText(FilePath, File.ReadAllText(FilePath).Replace("FN:Person 42\r\n", "FN:Person Forty-Two\r\n", StringComparison.Ordinal).Replace(Card(7), "", StringComparison.Ordinal));
        File.SetLastWriteTimeUtc(FilePath, File.GetLastWriteTimeUtc(FilePath).AddMinutes(1));
        var edited = await session.ReadChangesAsync(idle.NewToken, Ct);
        var upsert = Assert.Single(edited.Upserts);
        Assert.Equal("Person Forty-Two", ((Contact)upsert.Item!).DisplayName);
        Assert.Equal(["uid:person-7"], edited.Deletions);
    }

    [Fact]
    public async Task Write_UpdateCreateDelete_FileRewrittenWholeAndReadsBackTheSame()
    {
        WriteFile(Enumerable.Range(0, 10).Select(Card));
        await using var session = await OpenAsync();
        var read = await session.ReadChangesAsync(null, Ct);
        var three = read.Upserts.Single(u => u.RemoteId == "uid:person-3");
        var results = await session.WriteAsync(
        [
            new WriteRequest(WriteKind.Update, Samples.Stamp("p3"), ((Contact)three.Item!) with { JobTitle = "Chief" }, three.RemoteId, three.ChangeKey),
            new WriteRequest(WriteKind.Delete, Samples.Stamp("p5"), RemoteId: "uid:person-5"),
            Samples.Create(new Contact { DisplayName = "Newcomer", Uid = "newcomer" }, "n1"),
        ], Ct);
        Assert.All(results, r => Assert.Equal(WriteOutcome.Ok, r.Outcome));

        var text = File.ReadAllText(FilePath, Encoding.UTF8);
        Assert.Equal(10, text.Split("BEGIN:VCARD").Length - 1);
        Assert.DoesNotContain("Person 5\r\n", text, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(FilePath)!, ".tandem-tmp-*"));

        // The keys the writes returned are what a later read reports: the engine sees its own writes as echoes.
        await using var other = await OpenAsync();
        var after = await other.ReadChangesAsync(null, Ct);
        Assert.Equal(results[0].ChangeKey, after.Upserts.Single(u => u.RemoteId == "uid:person-3").ChangeKey);
        Assert.Equal("Chief", ((Contact)after.Upserts.Single(u => u.RemoteId == "uid:person-3").Item!).JobTitle);
        Assert.Equal(results[2].ChangeKey, after.Upserts.Single(u => u.RemoteId == results[2].RemoteId).ChangeKey);

        // A stale change key is a conflict, not an overwrite.
        var stale = await session.WriteAsync([new WriteRequest(WriteKind.Update, Samples.Stamp("p3"), three.Item, three.RemoteId, three.ChangeKey)], Ct);
        Assert.Equal(WriteOutcome.Conflict, Assert.Single(stale).Outcome);
    }

    public void Dispose() => _root.Dispose();
}
