using System.CommandLine;
using System.Globalization;
using Tandem.Core.Groups;

namespace Tandem.Cli.Commands;

/// <summary><c>tandem group list</c>: each group with its settings and members.</summary>
internal sealed class GroupListCommand : ICliCommand
{
    public string? Parent => "group";

    public Command Build(CliContext context)
    {
        var command = new Command("list", "list groups and their members");
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await context.OpenStoreAsync(parse, ct);
            var groups = await store.ListGroupsAsync(ct);
            if (groups.Count == 0) context.Out.WriteLine("no groups (add one: tandem group add NAME --type contacts)");
            foreach (var g in groups)
            {
                var priority = g.PriorityMember is null ? "" : $", priority {g.PriorityMember}";
                var rules = g.RulesJson is null ? "" : ", with rules";
                context.Out.WriteLine($"{g.Name} ({ItemKindNames.ToText(g.Kind)}, conflicts: {g.Conflict.ToString().ToLowerInvariant()}{priority}, pause above {(g.MassDeleteThreshold * 100).ToString("0.#", CultureInfo.InvariantCulture)}% deletions{rules})");
                foreach (var m in g.Members) context.Out.WriteLine($"  {m.Role.ToText(),-8} {m.Folder}");
            }
            return 0;
        });
        return command;
    }
}
