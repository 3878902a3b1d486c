using System.CommandLine;

namespace Tandem.Cli.Commands;

/// <summary><c>tandem member remove GROUP REF</c>: stops syncing a folder; its items stay in it.</summary>
internal sealed class MemberRemoveCommand : ICliCommand
{
    public string? Parent => "member";

    public Command Build(CliContext context)
    {
        var group = new Argument<string>("GROUP");
        var reference = new Argument<string>("REF") { Description = "CONNECTION:MAILBOX/Folder/Path" };
        var command = new Command("remove", "remove a folder from a group (its items stay in it)") { group, reference };
        command.SetAction(async (parse, ct) =>
        {
            var folder = FolderRefArgument.Parse(parse.GetRequiredValue(reference));
            await using var store = await context.OpenStoreAsync(parse, ct);
            await store.RemoveMemberAsync(parse.GetRequiredValue(group), folder, ct);
            context.Out.WriteLine($"removed {folder} from group '{parse.GetRequiredValue(group)}'; its items were left in the folder");
            return 0;
        });
        return command;
    }
}
