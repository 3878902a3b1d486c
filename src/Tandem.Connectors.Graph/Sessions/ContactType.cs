using Microsoft.Kiota.Abstractions;
using Tandem.Connectors.Graph.Mapping;
using Tandem.Core.Connectors;
using Contact = Tandem.Core.Items.Contact;

namespace Tandem.Connectors.Graph.Sessions;

/// <summary>Contacts of a contact folder: contact delta, stamps found by an extended-property filter.</summary>
internal sealed class ContactType : GraphItemType
{
    private readonly DeltaReader _reader;

    public ContactType(GraphContext graph, GraphFolder folder)
        : base(graph, folder)
    {
        _reader = new DeltaReader(graph, folder);
        _reader.TokenLost += OnTokenLost;
    }

    public override string NotificationResource => $"{User}/contactFolders/{Uri.EscapeDataString(Folder.FolderId)}/contacts";

    public override Task<ChangeSet> ReadAsync(string? token, CancellationToken cancellationToken) => _reader.ReadAsync(token, cancellationToken);

    public override RequestInformation Request(WriteRequest write)
    {
        var user = Graph.Client.Users[Folder.Mailbox];
        return write.Kind switch
        {
            WriteKind.Create => user.ContactFolders[Folder.FolderId].Contacts.ToPostRequestInformation(GraphContactMapper.ToGraph(AsContact(write), write.Stamp, forUpdate: false), rc => GraphContext.Prefer(rc.Headers)),
            WriteKind.Update => user.Contacts[write.RemoteId].ToPatchRequestInformation(GraphContactMapper.ToGraph(AsContact(write), write.Stamp, forUpdate: true), rc => Conditional(rc.Headers, write)),
            _ => user.Contacts[write.RemoteId].ToDeleteRequestInformation(rc => Conditional(rc.Headers, write)),
        };
    }

    public override async Task<IReadOnlyList<RemoteItem>> FindByStampAsync(string groupId, IReadOnlyCollection<string> logicalIds, CancellationToken cancellationToken)
    {
        var wanted = logicalIds.ToHashSet(StringComparer.Ordinal);
        var contacts = Graph.Client.Users[Folder.Mailbox].ContactFolders[Folder.FolderId].Contacts;
        // One filtered listing of the group's items, whatever the number of ids asked for.
        var page = await Graph.RunAsync(Folder.Mailbox, () => contacts.GetAsync(rc =>
        {
            rc.QueryParameters.Filter = ExtendedIds.Filter(ExtendedIds.StampGroup, groupId);
            rc.QueryParameters.Expand = [ExtendedIds.Expand(ExtendedIds.ContactRead)];
            rc.QueryParameters.Top = 100;
            GraphContext.Prefer(rc.Headers);
        }, cancellationToken), cancellationToken).ConfigureAwait(false);
        var found = new List<RemoteItem>();
        while (page is not null)
        {
            found.AddRange((page.Value ?? []).Select(GraphContactMapper.ToRemote).Where(r => r.Stamp is { } s && s.GroupId == groupId && wanted.Contains(s.LogicalId)));
            if (page.OdataNextLink is not { } next) break;
            page = await Graph.RunAsync(Folder.Mailbox, () => contacts.WithUrl(next).GetAsync(rc => GraphContext.Prefer(rc.Headers), cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        return found;
    }

    public override async Task<WriteResult> AfterWriteAsync(WriteResult result, CancellationToken cancellationToken)
    {
        try
        {
            return await Graph.Photos.WriteAsync(Graph, Folder.Mailbox, result, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Microsoft.Graph.Models.ODataErrors.ODataError or Microsoft.Kiota.Abstractions.ApiException or HttpRequestException)
        {
            // The contact is written; its photo is not. Failed makes the engine write it again (as over EWS).
            return result with { Outcome = WriteOutcome.Failed, Error = "photo: " + e.Message };
        }
    }

    private static Contact AsContact(WriteRequest write) =>
        write.Item as Contact ?? throw new InvalidOperationException($"a contact folder takes contacts; got {write.Item?.Kind.ToString() ?? "no item"}");
}
