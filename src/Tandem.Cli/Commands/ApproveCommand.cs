using System.CommandLine;

namespace Tandem.Cli.Commands;

/// <summary><c>tandem approve GROUP</c>: lets the deletions that paused a group go ahead.</summary>
internal sealed class ApproveCommand : ICliCommand
{
    public string? Parent => null;

    public Command Build(CliContext context)
    {
        var group = new Argument<string>("GROUP");
        var command = new Command("approve", "approve the deletions that paused a group, and resume it") { group };
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await context.OpenStoreAsync(parse, ct);
            await context.CreateEngine(store).ApproveAsync(parse.GetRequiredValue(group), ct);
            context.Out.WriteLine($"approved: group '{parse.GetRequiredValue(group)}' resumes; the deletions go ahead");
            return 0;
        });
        return command;
    }
}
