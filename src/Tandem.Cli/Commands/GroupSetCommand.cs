using System.CommandLine;
using Tandem.Core.Groups;

namespace Tandem.Cli.Commands;

/// <summary><c>tandem group set NAME [--conflict …] [--priority REF] [--delete-threshold PERCENT]</c>: changes a group's settings.</summary>
internal sealed class GroupSetCommand : ICliCommand
{
    public string? Parent => "group";

    public Command Build(CliContext context)
    {
        var name = new Argument<string>("NAME");
        var conflict = GroupOptions.Conflict();
        var priority = GroupOptions.Priority();
        var threshold = GroupOptions.DeleteThreshold();
        var command = new Command("set", "change a group's conflict policy, priority member or deletion threshold") { name, conflict, priority, threshold };
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await context.OpenStoreAsync(parse, ct);
            var groupName = parse.GetRequiredValue(name);
            var group = await store.GetGroupAsync(groupName, ct) ?? throw new CliUsageException($"unknown group '{groupName}'");
            var changed = group with
            {
                Conflict = GroupOptions.ParseConflict(parse.GetValue(conflict)) ?? group.Conflict,
                PriorityMember = parse.GetValue(priority) is { } p ? FolderRefArgument.Parse(p) : group.PriorityMember,
                MassDeleteThreshold = GroupOptions.ParseThreshold(parse.GetValue(threshold)) ?? group.MassDeleteThreshold,
            };
            await store.UpdateGroupAsync(changed, ct);
            context.Out.WriteLine($"updated group '{groupName}'");
            return 0;
        });
        return command;
    }
}
