using System.CommandLine;

namespace Tandem.Cli.Commands;

/// <summary><c>tandem connection remove NAME</c>: refused while a group member uses it.</summary>
internal sealed class ConnectionRemoveCommand : ICliCommand
{
    public string? Parent => "connection";

    public Command Build(CliContext context)
    {
        var name = new Argument<string>("NAME");
        var command = new Command("remove", "remove a connection no group uses") { name };
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await context.OpenStoreAsync(parse, ct);
            await store.RemoveConnectionAsync(parse.GetRequiredValue(name), ct);
            context.Out.WriteLine($"removed connection '{parse.GetRequiredValue(name)}'");
            return 0;
        });
        return command;
    }
}
