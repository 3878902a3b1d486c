using System.CommandLine;

namespace Tandem.Cli.Commands;

/// <summary>
/// <c>tandem member remove GROUP REF [--purge [--yes] [--dry-run]]</c>: takes a folder out of a group; its items stay,
/// unless --purge deletes the copies Tandem made in it first.
/// </summary>
internal sealed class MemberRemoveCommand : ICliCommand
{
    public string? Parent => "member";

    public Command Build(CliContext context)
    {
        var group = new Argument<string>("GROUP");
        var reference = new Argument<string>("REF") { Description = "CONNECTION:MAILBOX/Folder/Path" };
        var purge = PurgeFlow.PurgeOption();
        var yes = PurgeFlow.YesOption();
        var dryRun = PurgeFlow.DryRunOption();
        var command = new Command("remove", "remove a folder from a group (its items stay in it, unless --purge)") { group, reference, purge, yes, dryRun };
        command.SetAction(async (parse, ct) =>
        {
            var folder = FolderRefArgument.Parse(parse.GetRequiredValue(reference));
            if (parse.GetValue(purge)) return await PurgeFlow.RunAsync(context, parse, parse.GetRequiredValue(group), folder, parse.GetValue(yes), parse.GetValue(dryRun), ct);
            if (parse.GetValue(yes) || parse.GetValue(dryRun)) throw new CliUsageException("--yes and --dry-run go with --purge");
            await using var store = await context.OpenStoreAsync(parse, ct);
            await store.RemoveMemberAsync(parse.GetRequiredValue(group), folder, ct);
            context.Out.WriteLine($"removed {folder} from group '{parse.GetRequiredValue(group)}'; its items were left in the folder");
            return 0;
        });
        return command;
    }
}
