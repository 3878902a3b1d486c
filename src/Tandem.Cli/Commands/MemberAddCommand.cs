using System.CommandLine;
using Tandem.Core.Groups;

namespace Tandem.Cli.Commands;

/// <summary><c>tandem member add GROUP REF --role source|target|two-way</c>.</summary>
internal sealed class MemberAddCommand : ICliCommand
{
    public string? Parent => "member";

    public Command Build(CliContext context)
    {
        var group = new Argument<string>("GROUP");
        var reference = new Argument<string>("REF") { Description = "CONNECTION:MAILBOX/Folder/Path" };
        var role = new Option<string>("--role") { Description = "source (sends only), target (receives only), two-way", Required = true };
        role.AcceptOnlyFromAmong("source", "target", "two-way");
        var command = new Command("add", "add a folder to a group") { group, reference, role };
        command.SetAction(async (parse, ct) =>
        {
            var folder = FolderRefArgument.Parse(parse.GetRequiredValue(reference));
            var memberRole = CliUsageException.From(() => GroupFields.ParseRole(parse.GetRequiredValue(role)), "--role");
            await using var store = await context.OpenStoreAsync(parse, ct);
            await store.AddMemberAsync(parse.GetRequiredValue(group), new MemberDefinition(folder, memberRole), ct);
            context.Out.WriteLine($"added {folder} to group '{parse.GetRequiredValue(group)}' as {memberRole.ToText()}");
            return 0;
        });
        return command;
    }
}
