using Contact = Microsoft.Graph.Models.Contact;
using RemoteItem = Tandem.Core.Connectors.RemoteItem;
using Microsoft.Graph.Models.ODataErrors;
using Tandem.Connectors.Graph.Mapping;
using Tandem.Core.Connectors;
using DeltaBuilder = Microsoft.Graph.Users.Item.ContactFolders.Item.Contacts.Delta.DeltaRequestBuilder;
using DeltaGetResponse = Microsoft.Graph.Users.Item.ContactFolders.Item.Contacts.Delta.DeltaGetResponse;

namespace Tandem.Connectors.Graph.Sessions;

/// <summary>
/// One delta round of a contact folder: follow nextLinks until the deltaLink, which is stored whole as the sync token.
/// Entries may repeat within a round and across rounds (Graph replays), so the last word on an id wins. A lost token
/// (410, syncStateNotFound) starts a new initial round, reported as a complete listing: the engine reconciles it by ids
/// and stamps, so nothing is created twice.
/// </summary>
internal sealed class DeltaReader(GraphContext graph, GraphFolder folder)
{
    // Large pages: a fan-out's catch-up reads its own creates back; Graph answers at most what it allows per page.
    private const int PageSize = 1000;

    public event Action<string>? TokenLost;

    public async Task<ChangeSet> ReadAsync(string? deltaLink, CancellationToken cancellationToken)
    {
        if (deltaLink is not null)
        {
            try
            {
                return await RoundAsync(deltaLink, initial: false, cancellationToken).ConfigureAwait(false);
            }
            catch (ODataError e) when (GraphErrors.IsLostToken(e))
            {
                TokenLost?.Invoke(GraphErrors.Describe(e));
            }
        }

        var first = $"{graph.BaseUrl}/users/{Uri.EscapeDataString(folder.Mailbox)}/contactFolders/{Uri.EscapeDataString(folder.FolderId)}/contacts/delta"
            + "?$expand=" + Uri.EscapeDataString(ExtendedIds.Expand(ExtendedIds.ContactRead));
        return await RoundAsync(first, initial: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ChangeSet> RoundAsync(string url, bool initial, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<string, RemoteItem?>(StringComparer.Ordinal);
        var photoMarks = new Dictionary<string, GraphPhotos.Marks>(StringComparer.Ordinal);
        string token;
        // Other members' rounds (a catch-up reads every member written to) page along in the same $batch.
        using (var joined = graph.Coalescer.Join())
        {
            while (true)
            {
                // The first request's options live in the tokens; only headers are sent again, on every page. A builder
                // per attempt: making a request from a raw URL uses the URL up.
                var page = await joined.SendAsync(folder.Mailbox, () => new DeltaBuilder(url, graph.Adapter).ToGetRequestInformation(
                    rc => GraphContext.Prefer(rc.Headers, $"odata.maxpagesize={PageSize}")), DeltaGetResponse.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false);
                foreach (var contact in page.Value ?? [])
                {
                    if (contact.Id is null) continue;
                    seen[contact.Id] = contact.AdditionalData.ContainsKey("@removed") ? null : Map(contact);
                    photoMarks[contact.Id] = GraphPhotos.MarksOf(contact);
                }

                if (page.OdataNextLink is { } next)
                {
                    url = next;
                    continue;
                }

                token = page.OdataDeltaLink ?? throw new InvalidOperationException("Graph ended a delta round without a deltaLink");
                break;
            }
        }

        var upserts = await graph.Photos.FillAsync(graph, folder.Mailbox, seen.Values.OfType<RemoteItem>().ToList(), photoMarks, cancellationToken).ConfigureAwait(false);
        // In an initial round an item removed before the round ended is simply absent from the complete listing.
        var deletions = initial ? [] : seen.Where(s => s.Value is null).Select(s => s.Key).ToList();
        return new ChangeSet(upserts, deletions, token, IsComplete: initial);
    }

    private static RemoteItem Map(Contact contact)
    {
        try
        {
            return GraphContactMapper.ToRemote(contact);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            return new RemoteItem(contact.Id!, contact.ChangeKey ?? "", null, null, contact.LastModifiedDateTime, "contact " + contact.Id + ": " + e.Message);
        }
    }
}
