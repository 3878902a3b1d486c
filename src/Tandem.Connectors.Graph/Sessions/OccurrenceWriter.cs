using Tandem.Connectors.Graph.Mapping;
using Tandem.Core.Items;
using Tandem.Core.TimeZones;
using CoreEvent = Tandem.Core.Items.Event;
using GraphEvent = Microsoft.Graph.Models.Event;

namespace Tandem.Connectors.Graph.Sessions;

/// <summary>
/// Brings a written series' exceptions and deleted occurrences to what the model says. Graph has no way to send them
/// with the master: each is an instance of the series, found by its original start among the master's instances, then
/// patched (an exception) or deleted (a deleted occurrence); an exception the model no longer has is patched back to the
/// series' own fields. Returns the master's change key after all that.
/// </summary>
internal sealed class OccurrenceWriter(GraphContext graph, string mailbox)
{
    public async Task<string?> ApplyAsync(string masterId, CoreEvent desired, CancellationToken cancellationToken)
    {
        var user = graph.Client.Users[mailbox];
        var current = await ReadAsync(masterId, cancellationToken).ConfigureAwait(false);
        if (current is null) return null;
        var now = (CoreEvent)current.Item!;
        var want = ItemNormalizer.Normalize(desired);
        var have = ItemNormalizer.Normalize(now);
        if (want.Exceptions == have.Exceptions && want.DeletedOccurrences == have.DeletedOccurrences) return current.ChangeKey;

        var involved = want.Exceptions.Select(x => x.RecurrenceId).Concat(want.DeletedOccurrences).Concat(have.Exceptions.Select(x => x.RecurrenceId))
            .Select(ExchangeZones.ToInstant).ToList();
        var from = involved.Min().AddDays(-1);
        var to = involved.Max().AddDays(2);
        var instances = await InstancesAsync(masterId, from, to, cancellationToken).ConfigureAwait(false);
        GraphEvent? Instance(ItemTime originalStart) =>
            instances.FirstOrDefault(i => i.OriginalStart is { } o && o == ExchangeZones.ToInstant(originalStart));

        foreach (var exception in want.Exceptions)
        {
            if (have.Exceptions.Contains(exception) || Instance(exception.RecurrenceId) is not { Id: { } id }) continue;
            var body = GraphEventMapper.Instance(exception.Occurrence);
            await graph.RunAsync(mailbox, () => user.Events[id].PatchAsync(body, rc => GraphContext.Prefer(rc.Headers, EventType.UtcTimes), cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        foreach (var deleted in want.DeletedOccurrences.Except(have.DeletedOccurrences))
        {
            if (Instance(deleted) is not { Id: { } id }) continue;
            await graph.RunAsync(mailbox, async () =>
            {
                await user.Events[id].DeleteAsync(rc => GraphContext.Prefer(rc.Headers), cancellationToken).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
        }

        foreach (var stale in have.Exceptions.Where(h => want.Exceptions.All(w => w.RecurrenceId != h.RecurrenceId) && !want.DeletedOccurrences.Contains(h.RecurrenceId)))
        {
            if (Instance(stale.RecurrenceId) is not { Id: { } id }) continue;
            var duration = (desired.End ?? desired.Start).Value - desired.Start.Value;
            var back = GraphEventMapper.Instance(desired with { Start = stale.RecurrenceId, End = stale.RecurrenceId with { Value = stale.RecurrenceId.Value + duration }, Recurrence = null });
            await graph.RunAsync(mailbox, () => user.Events[id].PatchAsync(back, rc => GraphContext.Prefer(rc.Headers, EventType.UtcTimes), cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        return (await ReadAsync(masterId, cancellationToken).ConfigureAwait(false))?.ChangeKey;
    }

    private async Task<Core.Connectors.RemoteItem?> ReadAsync(string masterId, CancellationToken cancellationToken)
    {
        var master = await graph.RunAsync(mailbox, () => graph.Client.Users[mailbox].Events[masterId].GetAsync(rc =>
        {
            rc.QueryParameters.Expand = EventType.Expand;
            GraphContext.Prefer(rc.Headers, EventType.UtcTimes);
        }, cancellationToken), cancellationToken).ConfigureAwait(false);
        return master is null ? null : EventType.Map(master);
    }

    private async Task<List<GraphEvent>> InstancesAsync(string masterId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var instances = graph.Client.Users[mailbox].Events[masterId].Instances;
        var page = await graph.RunAsync(mailbox, () => instances.GetAsync(rc =>
        {
            rc.QueryParameters.StartDateTime = from.UtcDateTime.ToString("o", System.Globalization.CultureInfo.InvariantCulture);
            rc.QueryParameters.EndDateTime = to.UtcDateTime.ToString("o", System.Globalization.CultureInfo.InvariantCulture);
            rc.QueryParameters.Top = 1000;
            GraphContext.Prefer(rc.Headers, EventType.UtcTimes);
        }, cancellationToken), cancellationToken).ConfigureAwait(false);
        var all = new List<GraphEvent>(page?.Value ?? []);
        while (page?.OdataNextLink is { } next)
        {
            page = await graph.RunAsync(mailbox, () => instances.WithUrl(next).GetAsync(rc => GraphContext.Prefer(rc.Headers, EventType.UtcTimes), cancellationToken), cancellationToken).ConfigureAwait(false);
            all.AddRange(page?.Value ?? []);
        }

        return all;
    }
}
