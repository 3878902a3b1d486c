using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Testing.Items;

namespace Tandem.Connectors.Graph.Tests.Lab;

/// <summary>
/// Mail folders over Graph: the lab's face spoken to in raw HTTP (a MIME POST makes an unsent message, $value gives the
/// MIME back, bodies that are not JSON travel base64-encoded in $batch, Graph's own property names), and the connector
/// (a message written over Graph is seen over EWS with its stamp and the other way round; a category change stays in
/// place, a content change replaces the copy, a stale change key is a conflict).
/// </summary>
public sealed class GraphMailTests(GraphLab lab) : IClassFixture<GraphLab>
{
    private const string User = "users/carol@lab.test/";

    private static CancellationToken Ct => new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;

    [Fact]
    public async Task MimePost_MakesAnUnsentMessage_WhoseValueIsTheMime_AndWhosePropertyNamesAreGraphs()
    {
        using var http = lab.Http();
        var folder = await NewMailFolderAsync(http);
        var mime = SampleItems.MimeText("Face test", messageId: "face-" + Guid.NewGuid().ToString("N") + "@lab.test");
        using var post = new HttpRequestMessage(HttpMethod.Post, $"{User}mailFolders/{folder}/messages")
        {
            Content = new StringContent(Convert.ToBase64String(Encoding.UTF8.GetBytes(mime)), Encoding.ASCII, "text/plain"),
        };
        using var created = await http.SendAsync(post);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var message = JsonNode.Parse(await created.Content.ReadAsStringAsync())!.AsObject();

        // Exchange Online saves a message made from MIME unsent: a draft.
        Assert.True((bool)message["isDraft"]!);
        Assert.Equal("Face test", (string?)message["subject"]);
        var names = GraphFaceTests.Names();
        Assert.All(message.Select(p => p.Key).Where(k => !k.StartsWith('@')),
            k => Assert.True(names["message"].Concat(names["outlookItem"]).Concat(names["entity"]).Contains(k), $"message property '{k}' is not in Graph's message type"));
        var folders = await GraphFaceTests.SendAsync(http, HttpMethod.Get, User + "mailFolders");
        Assert.All(folders.Body!["value"]!.AsArray().SelectMany(f => f!.AsObject().Select(p => p.Key)), k => Assert.Contains(k, names["mailFolder"].Concat(names["entity"])));

        using var value = await http.GetAsync($"{User}messages/{(string)message["id"]!}/$value");
        Assert.Equal(HttpStatusCode.OK, value.StatusCode);
        Assert.Equal(mime, await value.Content.ReadAsStringAsync());

        // PR_MESSAGE_FLAGS is settable at creation only (MS-OXCMSG): a later PATCH of it is refused.
        var patch = await GraphFaceTests.SendAsync(http, HttpMethod.Patch, $"{User}messages/{(string)message["id"]!}",
            new JsonObject { ["singleValueExtendedProperties"] = new JsonArray(new JsonObject { ["id"] = "Integer 0x0E07", ["value"] = "1" }) });
        Assert.Equal(HttpStatusCode.BadRequest, patch.Status);
    }

    [Fact]
    public async Task Batch_MimePostAndValue_TravelBase64Encoded()
    {
        using var http = lab.Http();
        var folder = await NewMailFolderAsync(http);
        var mime = SampleItems.MimeText("Batched", messageId: "batch-" + Guid.NewGuid().ToString("N") + "@lab.test");
        var body = Convert.ToBase64String(Encoding.ASCII.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes(mime))));
        var batch = new JsonObject
        {
            ["requests"] = new JsonArray(new JsonObject
            {
                ["id"] = "1", ["method"] = "POST", ["url"] = $"/{User}mailFolders/{folder}/messages",
                ["headers"] = new JsonObject { ["Content-Type"] = "text/plain" }, ["body"] = body,
            }),
        };
        var created = (await GraphFaceTests.SendAsync(http, HttpMethod.Post, "$batch", batch)).Body!["responses"]![0]!;
        Assert.Equal(201, (int)created["status"]!);
        var id = (string)created["body"]!["id"]!;

        var read = new JsonObject { ["requests"] = new JsonArray(new JsonObject { ["id"] = "v", ["method"] = "GET", ["url"] = $"/{User}messages/{id}/$value" }) };
        var answer = (await GraphFaceTests.SendAsync(http, HttpMethod.Post, "$batch", read)).Body!["responses"]![0]!;
        Assert.Equal(200, (int)answer["status"]!);
        Assert.Equal("text/plain", (string?)answer["headers"]!["Content-Type"]);
        Assert.Equal(mime, Encoding.UTF8.GetString(Convert.FromBase64String((string)answer["body"]!)));
    }

    [Fact]
    public async Task Connector_MessageOverGraphSeenOverEwsWithItsStamp_AndTheOtherWayRound()
    {
        var folder = FolderRef.Parse($"lab:dave@lab.test/Inbox/Both {Guid.NewGuid():N}");
        await using var graph = lab.Connect();
        await using var ews = lab.ConnectEws();
        var overGraph = await graph.OpenFolderAsync(folder, ItemKind.Message, create: true, Ct);
        var overEws = await ews.OpenFolderAsync(folder, ItemKind.Message, create: false, Ct);
        var viaGraph = SampleItems.FullMessage() with { Categories = ["Graph"] };
        var viaEws = SampleItems.Mail("Written over EWS");
        Assert.Equal(WriteOutcome.Ok, Assert.Single(await overGraph.WriteAsync([SampleItems.Create(viaGraph, "L-graph", "mail")], Ct)).Outcome);
        Assert.Equal(WriteOutcome.Ok, Assert.Single(await overEws.WriteAsync([SampleItems.Create(viaEws, "L-ews", "mail")], Ct)).Outcome);

        var seenOverEws = (await overEws.ReadChangesAsync(null, Ct)).Upserts;
        var seenOverGraph = (await overGraph.ReadChangesAsync(null, Ct)).Upserts;

        var graphCopy = Assert.Single(seenOverEws, s => s.Stamp?.LogicalId == "L-graph");
        Assert.Equal(ContentHash.Compute(viaGraph), ContentHash.Compute(graphCopy.Item!));
        var ewsCopy = Assert.Single(seenOverGraph, s => s.Stamp?.LogicalId == "L-ews");
        Assert.Equal(ContentHash.Compute(viaEws), ContentHash.Compute(ewsCopy.Item!));
        Assert.Equal(SampleItems.Stamp("L-ews", "mail"), ewsCopy.Stamp);
        Assert.Single(await overGraph.FindByStampAsync("mail", ["L-graph"], Ct));
    }

    [Fact]
    public async Task Connector_Update_CategoriesInPlace_ContentReplacesTheCopy_StaleKeyIsAConflict()
    {
        await using var graph = lab.Connect();
        var session = await graph.OpenFolderAsync(FolderRef.Parse($"lab:erin@lab.test/Inbox/Updates {Guid.NewGuid():N}"), ItemKind.Message, create: true, Ct);
        var original = SampleItems.Mail("Quarterly", messageId: "q-" + Guid.NewGuid().ToString("N") + "@lab.test");
        var created = Assert.Single(await session.WriteAsync([SampleItems.Create(original, "L-1", "mail")], Ct));
        var first = await session.ReadChangesAsync(null, Ct);

        var tagged = original with { Categories = ["Finance"] };
        var inPlace = Assert.Single(await session.WriteAsync([new WriteRequest(WriteKind.Update, SampleItems.Stamp("L-1", "mail"), tagged, created.RemoteId, created.ChangeKey)], Ct));
        Assert.Equal(WriteOutcome.Ok, inPlace.Outcome);
        Assert.Equal(created.RemoteId, inPlace.RemoteId);
        Assert.NotEqual(created.ChangeKey, inPlace.ChangeKey);

        var stale = Assert.Single(await session.WriteAsync([new WriteRequest(WriteKind.Update, SampleItems.Stamp("L-1", "mail"), tagged, created.RemoteId, created.ChangeKey)], Ct));
        Assert.Equal(WriteOutcome.Conflict, stale.Outcome);

        var corrected = Message.FromMime(Encoding.UTF8.GetBytes(SampleItems.MimeText("Quarterly (corrected)", messageId: original.MessageId))) with { Categories = ["Finance"] };
        var replaced = Assert.Single(await session.WriteAsync([new WriteRequest(WriteKind.Update, SampleItems.Stamp("L-1", "mail"), corrected, inPlace.RemoteId, inPlace.ChangeKey)], Ct));
        Assert.Equal(WriteOutcome.Ok, replaced.Outcome);
        Assert.NotEqual(inPlace.RemoteId, replaced.RemoteId);

        var after = await session.ReadChangesAsync(first.NewToken, Ct);
        Assert.Contains(created.RemoteId!, after.Deletions);
        var now = Assert.Single(after.Upserts);
        Assert.Equal(replaced.RemoteId, now.RemoteId);
        Assert.Equal(ContentHash.Compute(corrected), ContentHash.Compute(now.Item!));
        Assert.Equal(SampleItems.Stamp("L-1", "mail"), now.Stamp);
        Assert.Single((await session.ReadChangesAsync(null, Ct)).Upserts);
    }

    [Fact]
    public async Task MessageAndMailFolder_ServeGraphsReadProperties_WithTheMessagesValues()
    {
        using var http = lab.Http();
        var folder = await NewMailFolderAsync(http);
        var mime = SampleItems.MimeText("Names", from: "Alice <alice@lab.test>", to: "bob@lab.test, Carol <carol@lab.test>", messageId: $"n-{Guid.NewGuid():N}@lab.test", body: "Hello names.");
        using var post = new HttpRequestMessage(HttpMethod.Post, $"{User}mailFolders/{folder}/messages")
        {
            Content = new StringContent(Convert.ToBase64String(Encoding.UTF8.GetBytes(mime)), Encoding.ASCII, "text/plain"),
        };
        using var created = await http.SendAsync(post);
        var id = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!;

        var message = (await GraphFaceTests.SendAsync(http, HttpMethod.Get, $"{User}messages/{id}")).Body!.AsObject();
        var names = GraphFaceTests.Names();
        string[] read =
        [
            "from", "sender", "toRecipients", "ccRecipients", "bccRecipients", "replyTo", "sentDateTime", "receivedDateTime",
            "hasAttachments", "importance", "bodyPreview", "body", "isReadReceiptRequested", "isDeliveryReceiptRequested",
        ];
        Assert.All(read, n => Assert.Contains(n, names["message"]));
        Assert.All(read, n => Assert.True(message.ContainsKey(n), $"the lab's message has no '{n}'"));
        var recipients = new[] { message["from"], message["sender"] }.Concat(message["toRecipients"]!.AsArray()).Select(r => r!.AsObject()).ToList();
        Assert.All(recipients, r => Assert.Equal(names["recipient"], r.Select(p => p.Key)));
        Assert.All(recipients, r => Assert.All(r["emailAddress"]!.AsObject().Select(p => p.Key), k => Assert.Contains(k, names["emailAddress"])));
        Assert.Equal("alice@lab.test", (string?)message["from"]!["emailAddress"]!["address"]);
        Assert.Equal("Alice", (string?)message["from"]!["emailAddress"]!["name"]);
        Assert.Equal(["bob@lab.test", "carol@lab.test"], message["toRecipients"]!.AsArray().Select(r => (string?)r!["emailAddress"]!["address"]));
        Assert.Equal("2026-03-03T09:00:00Z", (string?)message["sentDateTime"]);
        Assert.Equal("normal", (string?)message["importance"]);
        Assert.False((bool)message["hasAttachments"]!);
        Assert.All(message["body"]!.AsObject().Select(p => p.Key), k => Assert.Contains(k, names["itemBody"]));
        Assert.Contains("Hello names.", (string?)message["body"]!["content"], StringComparison.Ordinal);
        Assert.Equal("Hello names.", (string?)message["bodyPreview"]);

        var mailFolder = (await GraphFaceTests.SendAsync(http, HttpMethod.Get, $"{User}mailFolders/{folder}")).Body!.AsObject();
        Assert.All(mailFolder.Select(p => p.Key).Where(k => !k.StartsWith('@')), k => Assert.Contains(k, names["mailFolder"].Concat(names["entity"])));
        Assert.All(names["mailFolder"].Where(n => n is not ("childFolders" or "messageRules" or "messages" or "multiValueExtendedProperties" or "singleValueExtendedProperties")),
            n => Assert.True(mailFolder.ContainsKey(n), $"the lab's mailFolder has no '{n}'"));
        Assert.Equal(1, (int)mailFolder["totalItemCount"]!);
        Assert.Equal(0, (int)mailFolder["unreadItemCount"]!); // a message made from MIME over Graph is read (and a draft)
        Assert.False((bool)mailFolder["isHidden"]!);
    }

    private static async Task<string> NewMailFolderAsync(HttpClient http)
    {
        var created = await GraphFaceTests.SendAsync(http, HttpMethod.Post, User + "mailFolders", new JsonObject { ["displayName"] = "Mail " + Guid.NewGuid().ToString("N") });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        return (string)created.Body!["id"]!;
    }
}
