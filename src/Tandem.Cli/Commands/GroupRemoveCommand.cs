using System.CommandLine;

namespace Tandem.Cli.Commands;

/// <summary><c>tandem group remove NAME</c>: forgets the group and its state; items in the folders stay.</summary>
internal sealed class GroupRemoveCommand : ICliCommand
{
    public string? Parent => "group";

    public Command Build(CliContext context)
    {
        var name = new Argument<string>("NAME");
        var command = new Command("remove", "remove a group (the items in its folders are left as they are)") { name };
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await context.OpenStoreAsync(parse, ct);
            await store.RemoveGroupAsync(parse.GetRequiredValue(name), ct);
            context.Out.WriteLine($"removed group '{parse.GetRequiredValue(name)}'; the items in its folders were left as they are");
            return 0;
        });
        return command;
    }
}
