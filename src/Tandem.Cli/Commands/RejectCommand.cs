using System.CommandLine;

namespace Tandem.Cli.Commands;

/// <summary><c>tandem reject GROUP</c>: restores the items whose deletion paused a group.</summary>
internal sealed class RejectCommand : ICliCommand
{
    public string? Parent => null;

    public Command Build(CliContext context)
    {
        var group = new Argument<string>("GROUP");
        var command = new Command("reject", "reject the deletions that paused a group: the items are restored") { group };
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await context.OpenStoreAsync(parse, ct);
            await context.CreateEngine(store).RejectAsync(parse.GetRequiredValue(group), ct);
            context.Out.WriteLine($"rejected: group '{parse.GetRequiredValue(group)}' resumes; the deleted items are restored");
            return 0;
        });
        return command;
    }
}
