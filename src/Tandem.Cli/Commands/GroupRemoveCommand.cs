using System.CommandLine;

namespace Tandem.Cli.Commands;

/// <summary>
/// <c>tandem group remove NAME [--purge [--yes] [--dry-run]]</c>: forgets the group and its state; items in the folders
/// stay, unless --purge deletes the copies Tandem made first.
/// </summary>
internal sealed class GroupRemoveCommand : ICliCommand
{
    public string? Parent => "group";

    public Command Build(CliContext context)
    {
        var name = new Argument<string>("NAME");
        var purge = PurgeFlow.PurgeOption();
        var yes = PurgeFlow.YesOption();
        var dryRun = PurgeFlow.DryRunOption();
        var command = new Command("remove", "remove a group (the items in its folders are left as they are, unless --purge)") { name, purge, yes, dryRun };
        command.SetAction(async (parse, ct) =>
        {
            var group = parse.GetRequiredValue(name);
            if (parse.GetValue(purge)) return await PurgeFlow.RunAsync(context, parse, group, null, parse.GetValue(yes), parse.GetValue(dryRun), ct);
            if (parse.GetValue(yes) || parse.GetValue(dryRun)) throw new CliUsageException("--yes and --dry-run go with --purge");
            await using var store = await context.OpenStoreAsync(parse, ct);
            await store.RemoveGroupAsync(group, ct);
            context.Out.WriteLine($"removed group '{group}'; the items in its folders were left as they are");
            return 0;
        });
        return command;
    }
}
