using System.CommandLine;
using System.Globalization;
using Tandem.Core.Groups;

namespace Tandem.Cli.Commands;

/// <summary><c>tandem group add NAME --type contacts|calendar|tasks|notes [--conflict newest|priority|merge] [--priority REF] [--delete-threshold PERCENT]</c>.</summary>
internal sealed class GroupAddCommand : ICliCommand
{
    public string? Parent => "group";

    public Command Build(CliContext context)
    {
        var name = new Argument<string>("NAME");
        var type = new Option<string>("--type") { Description = "item type", Required = true };
        type.AcceptOnlyFromAmong(ItemKindNames.All);
        var conflict = GroupOptions.Conflict();
        var priority = GroupOptions.Priority();
        var threshold = GroupOptions.DeleteThreshold();
        var paused = new Option<bool>("--paused") { Description = "create it paused: add members, check 'tandem group preview', then 'tandem group resume'" };
        var command = new Command("add", "add a sync group") { name, type, conflict, priority, threshold, paused };
        command.SetAction(async (parse, ct) =>
        {
            var group = new GroupDefinition
            {
                Name = parse.GetRequiredValue(name),
                Kind = ItemKindNames.Parse(parse.GetRequiredValue(type)),
                Conflict = GroupOptions.ParseConflict(parse.GetValue(conflict)) ?? ConflictPolicy.Newest,
                PriorityMember = parse.GetValue(priority) is { } p ? FolderRefArgument.Parse(p) : null,
                MassDeleteThreshold = GroupOptions.ParseThreshold(parse.GetValue(threshold)) ?? 0.2,
            };
            await using var store = await context.OpenStoreAsync(parse, ct);
            await store.AddGroupAsync(group, ct);
            if (parse.GetValue(paused)) await context.CreateEngine(store).PauseAsync(group.Name, "not enabled yet: preview it (tandem group preview), then tandem group resume", ct);
            context.Out.WriteLine($"added group '{group.Name}' ({ItemKindNames.ToText(group.Kind)}, conflicts: {group.Conflict.ToString().ToLowerInvariant()}, pause above {(group.MassDeleteThreshold * 100).ToString("0.#", CultureInfo.InvariantCulture)}% deletions){(parse.GetValue(paused) ? ", paused until 'tandem group resume'" : "")}");
            return 0;
        });
        return command;
    }
}
