using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Tandem.Core.Groups;
using Tandem.Engine;

namespace Tandem.Cli.Commands;

/// <summary><c>tandem status [--json]</c>: groups, members, item counts, paused groups and why, quarantined items.</summary>
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
            if (parse.GetValue(json)) context.Out.WriteLine(JsonSerializer.Serialize(status, Json));
            else Print(context.Out, status);
            return 0;
        });
        return command;
    }

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
