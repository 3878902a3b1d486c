using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Connectors.Ews.Operations;
using Tandem.Connectors.Ews.Protocol;
using Tandem.Connectors.Ews.Sessions;
using Tandem.Connectors.Ews.Tests.Fakes;
using Tandem.Core.Items;
using Tandem.Testing.Ews;

namespace Tandem.Connectors.Ews.Tests;

/// <summary>The SyncFolderItems loop against scripted answers (shapes the lab does not produce on demand).</summary>
public sealed class SyncLoopTests
{
    private static string Sfi(string state, bool last, string changes) => Soap.Response("SyncFolderItems", Soap.Success("SyncFolderItems",
        $"<m:SyncState>{state}</m:SyncState><m:IncludesLastItemInRange>{(last ? "true" : "false")}</m:IncludesLastItemInRange><m:Changes>{changes}</m:Changes>"));

    private static string Create(string id) => $"<t:Create><t:Contact><t:ItemId Id=\"{id}\" ChangeKey=\"k{id}\"/></t:Contact></t:Create>";

    private static string Update(string id) => $"<t:Update><t:Contact><t:ItemId Id=\"{id}\" ChangeKey=\"k2{id}\"/></t:Contact></t:Update>";

    private static string Delete(string id) => $"<t:Delete><t:ItemId Id=\"{id}\" ChangeKey=\"AAAA\"/></t:Delete>";

    private static string GetItems(IEnumerable<string> ids) => Soap.Response("GetItem", ids.Select(id => id == "gone"
        ? Soap.Error("GetItem", "ErrorItemNotFound", null, "<m:Items/>")
        : Soap.Success("GetItem", $"<m:Items><t:Contact><t:ItemId Id=\"{id}\" ChangeKey=\"k{id}\"/><t:GivenName>{id}</t:GivenName></t:Contact></m:Items>")).ToArray());

    private static (MailboxChangeReader Reader, FakeHttp Http) Reader(Func<string, int, string> sfi)
    {
        var round = 0;
        var http = new FakeHttp((_, body) =>
        {
            if (body.Contains("<m:SyncFolderItems>", StringComparison.Ordinal)) return FakeHttp.Xml(sfi(body, round++));
            var ids = System.Text.RegularExpressions.Regex.Matches(body, "ItemId Id=\"([^\"]+)\"").Select(m => m.Groups[1].Value);
            return FakeHttp.Xml(GetItems(ids));
        });
        var client = new EwsClient(new HttpClient(http), new Uri("https://x.test/EWS/Exchange.asmx"), NoAuth.Instance,
            new ServerGate(TimeProvider.System, 4, 2), new EwsClientOptions(), TimeProvider.System, NullLogger.Instance);
        var context = new FolderContext(client, FolderAddress.ById("F"), ItemKind.Contact, new EwsCall("a@x.test"), false, 100, "MoveToDeletedItems", TimeProvider.System);
        return (new MailboxChangeReader(context, new OwnWrites(TimeProvider.System), NullLogger.Instance), http);
    }

    [Fact]
    public async Task ReadAsync_SeveralPages_FollowsStatesAndFoldsChanges()
    {
        var (reader, http) = Reader((body, round) => round switch
        {
            0 => Sfi("S1", false, Create("a") + Create("b") + Create("c")),
            1 => Sfi("S2", false, Update("a") + Delete("b") + Create("gone")),
            _ => Sfi("S3", true, Delete("old")),
        });
        var changes = await reader.ReadAsync("sfi:S0", CancellationToken.None);
        var bodies = http.Seen.Select(s => s.Body).Where(b => b.Contains("SyncFolderItems", StringComparison.Ordinal)).ToArray();
        Assert.Contains("<m:SyncState>S0</m:SyncState>", bodies[0], StringComparison.Ordinal);
        Assert.Contains("<m:SyncState>S1</m:SyncState>", bodies[1], StringComparison.Ordinal);
        Assert.Contains("<m:SyncState>S2</m:SyncState>", bodies[2], StringComparison.Ordinal);
        Assert.Equal("sfi:S3", changes.NewToken);
        Assert.False(changes.IsComplete);
        Assert.Equal(["a", "c"], changes.Upserts.Select(u => u.RemoteId).Order());
        // b was created and deleted within the window; "gone" vanished before it could be fetched.
        Assert.Equal(["b", "gone", "old"], changes.Deletions.Order());
        Assert.All(bodies, EwsSchema.AssertValid);
    }

    [Fact]
    public async Task ReadAsync_InvalidState_RestartsWithoutStateAndReportsComplete()
    {
        var (reader, http) = Reader((body, round) => body.Contains("<m:SyncState>", StringComparison.Ordinal)
            ? Soap.Response("SyncFolderItems", Soap.Error("SyncFolderItems", "ErrorInvalidSyncStateData", null, "<m:SyncState/>"))
            : Sfi("FRESH", true, Create("a")));
        var changes = await reader.ReadAsync("sfi:BROKEN", CancellationToken.None);
        Assert.True(changes.IsComplete);
        Assert.Equal("sfi:FRESH", changes.NewToken);
        Assert.Equal("a", Assert.Single(changes.Upserts).RemoteId);
        Assert.Empty(changes.Deletions);
    }

    [Fact]
    public async Task ReadAsync_FailureMidway_ThrowsRatherThanReportingPartialListing()
    {
        var (reader, _) = Reader((body, round) => round == 0
            ? Sfi("S1", false, Create("a"))
            : Soap.Response("SyncFolderItems", Soap.Error("SyncFolderItems", "ErrorMailboxStoreUnavailable")));
        var error = await Assert.ThrowsAsync<EwsException>(() => reader.ReadAsync(null, CancellationToken.None));
        Assert.Equal("ErrorMailboxStoreUnavailable", error.ResponseCode);
    }
}
