using Microsoft.Kiota.Abstractions;
using Tandem.Connectors.Graph.Mapping;
using Tandem.Core.Connectors;
using CoreEvent = Tandem.Core.Items.Event;
using DeltaBuilder = Microsoft.Graph.Users.Item.Calendars.Item.Events.Delta.DeltaRequestBuilder;
using GraphEvent = Microsoft.Graph.Models.Event;

namespace Tandem.Connectors.Graph.Sessions;

/// <summary>
/// Events of a calendar. Changes come from the events delta of the calendar, the one delta that lists series masters
/// and single events (v1.0's calendarView delta lists expanded occurrences only, within a window, and reports events
/// leaving the window as deleted — no base for a sync that must never infer a deletion). Microsoft documents it under
/// /beta; it lists ids only, so the changed events are then read whole from v1.0 in $batch, with their exceptions.
/// </summary>
internal sealed class EventType(GraphContext graph, GraphFolder folder) : GraphItemType(graph, folder)
{
    /// <summary>Times come back in UTC, read in the zone the event was made in (originalStartTimeZone).</summary>
    public const string UtcTimes = "outlook.timezone=\"UTC\"";

    private static readonly string ExtendedExpand = ExtendedIds.Expand(ExtendedIds.EventRead);

    /// <summary>The expand that reads a whole event: Tandem's properties, and the series' exceptions with theirs.</summary>
    public static readonly string[] Expand = [ExtendedExpand, "exceptionOccurrences($expand=" + ExtendedExpand + ")"];

    /// <summary>The mailbox's events (the resource Microsoft documents): a change in another calendar wakes a delta round that finds nothing.</summary>
    public override string NotificationResource => $"{User}/events";

    public override Task<ChangeSet> ReadAsync(string? token, CancellationToken cancellationToken)
    {
        var beta = Graph.BaseUrl.EndsWith("/v1.0", StringComparison.Ordinal) ? Graph.BaseUrl[..^5] + "/beta" : Graph.BaseUrl;
        var first = $"{beta}{User}/calendars/{Uri.EscapeDataString(Folder.FolderId)}/events/delta";
        return ReadOrRestartAsync(token, first, RoundAsync, cancellationToken);
    }

    public override RequestInformation Request(WriteRequest write)
    {
        var user = Graph.Client.Users[Folder.Mailbox];
        return write.Kind switch
        {
            WriteKind.Create => user.Calendars[Folder.FolderId].Events.ToPostRequestInformation(GraphEventMapper.ToGraph(AsEvent(write), write.Stamp, forUpdate: false), rc => GraphContext.Prefer(rc.Headers, UtcTimes)),
            WriteKind.Update => user.Events[write.RemoteId].ToPatchRequestInformation(GraphEventMapper.ToGraph(AsEvent(write), write.Stamp, forUpdate: true), rc => Conditional(rc.Headers, write, UtcTimes)),
            _ => user.Events[write.RemoteId].ToDeleteRequestInformation(rc => Conditional(rc.Headers, write)),
        };
    }

    public override async Task<WriteResult> AfterWriteAsync(WriteResult result, CancellationToken cancellationToken)
    {
        var e = AsEvent(result.Request);
        // A create without exceptions is done; an update of a series may have exceptions to undo.
        if (e.Recurrence is null || (result.Request.Kind == WriteKind.Create && e.Exceptions.Count == 0 && e.DeletedOccurrences.Count == 0))
        {
            return result;
        }

        var changeKey = await new OccurrenceWriter(Graph, Folder.Mailbox).ApplyAsync(result.RemoteId!, e, cancellationToken).ConfigureAwait(false);
        return result with { ChangeKey = changeKey ?? result.ChangeKey };
    }

    public override async Task<IReadOnlyList<RemoteItem>> FindByStampAsync(string groupId, IReadOnlyCollection<string> logicalIds, CancellationToken cancellationToken)
    {
        var wanted = logicalIds.ToHashSet(StringComparer.Ordinal);
        var events = Graph.Client.Users[Folder.Mailbox].Calendars[Folder.FolderId].Events;
        var page = await Graph.RunAsync(Folder.Mailbox, () => events.GetAsync(rc =>
        {
            rc.QueryParameters.Filter = ExtendedIds.Filter(ExtendedIds.StampGroup, groupId);
            rc.QueryParameters.Expand = Expand;
            rc.QueryParameters.Top = 100;
            GraphContext.Prefer(rc.Headers, UtcTimes);
        }, cancellationToken), cancellationToken).ConfigureAwait(false);
        var found = new List<RemoteItem>();
        while (page is not null)
        {
            found.AddRange((page.Value ?? []).Select(Map).Where(r => r.Stamp is { } s && s.GroupId == groupId && wanted.Contains(s.LogicalId)));
            if (page.OdataNextLink is not { } next) break;
            page = await Graph.RunAsync(Folder.Mailbox, () => events.WithUrl(next).GetAsync(rc => GraphContext.Prefer(rc.Headers, UtcTimes), cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        return found;
    }

    public static RemoteItem Map(GraphEvent g)
    {
        try
        {
            return GraphEventMapper.ToRemote(g);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or InvalidTimeZoneException)
        {
            return new RemoteItem(g.Id!, g.ChangeKey ?? "", null, null, g.LastModifiedDateTime, "event " + g.Id + ": " + e.Message);
        }
    }

    private async Task<ChangeSet> RoundAsync(string url, bool initial, CancellationToken cancellationToken)
    {
        // Last word on an id wins: Graph may list an event more than once in a round.
        var seen = new Dictionary<string, bool>(StringComparer.Ordinal);
        while (true)
        {
            var builder = new DeltaBuilder(url, Graph.Adapter);
            var page = await Graph.RunAsync(Folder.Mailbox, () => builder.GetAsDeltaGetResponseAsync(
                rc => GraphContext.Prefer(rc.Headers, "odata.maxpagesize=200", UtcTimes), cancellationToken), cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("Graph answered a delta request with no body");
            foreach (var e in page.Value ?? [])
            {
                // Occurrences and exceptions are read with their series master, never as items of their own.
                if (e.Id is null || e.Type is Microsoft.Graph.Models.EventType.Occurrence or Microsoft.Graph.Models.EventType.Exception) continue;
                seen[e.Id] = e.AdditionalData.ContainsKey("@removed");
            }

            if (page.OdataNextLink is { } next)
            {
                url = next;
                continue;
            }

            var token = page.OdataDeltaLink ?? throw new InvalidOperationException("Graph ended a delta round without a deltaLink");
            var changed = seen.Where(s => !s.Value).Select(s => s.Key).ToList();
            var user = Graph.Client.Users[Folder.Mailbox];
            var fetched = await new BatchFetcher(Graph, Folder.Mailbox).FetchAsync(changed,
                id => user.Events[id].ToGetRequestInformation(rc =>
                {
                    rc.QueryParameters.Expand = Expand;
                    GraphContext.Prefer(rc.Headers, UtcTimes);
                }),
                GraphEvent.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false);
            var upserts = fetched.Values.OfType<GraphEvent>().Select(Map).ToList();
            // An event listed as changed and gone when read was deleted meanwhile; an initial round simply leaves it out.
            var deletions = initial ? [] : seen.Where(s => s.Value).Select(s => s.Key).Concat(fetched.Where(f => f.Value is null).Select(f => f.Key)).Distinct().ToList();
            return new ChangeSet(upserts, deletions, token, IsComplete: initial);
        }
    }

    private static CoreEvent AsEvent(WriteRequest write) =>
        write.Item as CoreEvent ?? throw new InvalidOperationException($"a calendar takes events; got {write.Item?.Kind.ToString() ?? "no item"}");
}
