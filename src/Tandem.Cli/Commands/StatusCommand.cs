using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Tandem.Core.Groups;
using Tandem.Engine;

namespace Tandem.Cli.Commands;

/// <summary>
/// <c>tandem status [--json]</c>: groups, members, item counts, paused groups and why, quarantined items; on a PostgreSQL state
/// also the cluster's nodes and leases (the JSON is then an object: <c>groups</c> and <c>cluster</c>).
/// </summary>
internal sealed class StatusCommand : ICliCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public string? Parent => null;

    public Command Build(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "machine-readable output" };
        var command = new Command("status", "show groups, members, item counts, paused groups and quarantined items") { json };
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await context.OpenStoreAsync(parse, ct);
            var status = await context.CreateEngine(store).StatusAsync(ct);
            var services = await store.ReadHeartbeatsAsync(ct);
            if (parse.GetValue(json))
            {
                // on SQLite the groups alone, as always; on PostgreSQL the groups beside the cluster's nodes and leases
                object document = store is Tandem.State.Cluster.ILeaseStore leases
                    ? new { groups = status, cluster = ClusterStatus.Describe(await leases.ListNodesAsync(ct), await leases.ListLeasesAsync(ct)) }
                    : status;
                context.Out.WriteLine(JsonSerializer.Serialize(document, Json));
                return 0;
            }
            PrintServices(context.Out, services, context.Time.GetUtcNow());
            if (store is Tandem.State.Cluster.ILeaseStore cluster) ClusterStatus.Print(context.Out, await cluster.ListNodesAsync(ct), await cluster.ListLeasesAsync(ct));
            Print(context.Out, status);
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The services that ever ran on this state, with the age of their last heartbeat and what each says of its groups: an
    /// administrator sees whether the service runs, and which member fails and why, without reading logs.
    /// </summary>
    private static void PrintServices(TextWriter output, IReadOnlyList<Tandem.State.ServiceHeartbeat> services, DateTimeOffset now)
    {
        foreach (var s in services)
        {
            var age = now - s.At;
            var alive = age < TimeSpan.FromSeconds(30) ? "running" : "NOT RUNNING";
            output.WriteLine($"service on {s.Node} (pid {s.ProcessId}): {alive}, last heartbeat {Ago(age)} ago, up since {s.Started:u}");
            if (age >= TimeSpan.FromSeconds(30)) continue;
            try
            {
                using var doc = JsonDocument.Parse(s.StatusJson);
                if (!doc.RootElement.TryGetProperty("groups", out var groups)) continue;
                foreach (var g in groups.EnumerateArray())
                {
                    output.WriteLine($"  {Text(g, "group")}: {Text(g, "state")}, {Text(g, "lastResult")}, {g.GetProperty("subscribed").GetInt32()} notifying, {g.GetProperty("polled").GetInt32()} polled");
                    if (g.TryGetProperty("failing", out var failing))
                        foreach (var f in failing.EnumerateArray()) output.WriteLine($"    FAILING {Text(f, "member")} since {Text(f, "since")}: {Text(f, "error")}");
                }
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                // a heartbeat written by another version: its age above is still true
            }
        }
    }

    private static string Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";

    private static string Ago(TimeSpan age) => age < TimeSpan.FromMinutes(2) ? $"{age.TotalSeconds:0} s" : age < TimeSpan.FromHours(2) ? $"{age.TotalMinutes:0} min" : $"{age.TotalHours:0} h";

    private static void Print(TextWriter output, IReadOnlyList<GroupStatus> groups)
    {
        if (groups.Count == 0) output.WriteLine("no groups");
        foreach (var g in groups)
        {
            var state = g.Paused ? $"PAUSED: {g.PauseReason} ({g.PendingDeletions} deletions wait: tandem approve {g.Group} | tandem reject {g.Group})" : "active";
            output.WriteLine($"{g.Group} ({ItemKindNames.ToText(g.Kind)}, conflicts: {g.Conflict.ToString().ToLowerInvariant()}): {g.Items} items, {g.Tombstones} tombstones, {state}");
            foreach (var m in g.Members)
            {
                var pending = m.PendingCreates > 0 ? $", {m.PendingCreates} creates pending" : "";
                output.WriteLine($"  {m.Role.ToText(),-7} {m.Member}  {m.Items} items{pending}{(m.Synced ? "" : ", not synced yet")}");
            }
            foreach (var q in g.Quarantine) output.WriteLine($"  quarantined in {q.Member}: {q.RemoteId}: {q.Reason}");
        }
    }
}
