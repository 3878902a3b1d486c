using System.CommandLine;

namespace Tandem.Cli.Commands;

/// <summary><c>tandem group pause NAME [--reason TEXT]</c> and <c>tandem group resume NAME</c>: a manual pause, apart from the guard's.</summary>
internal sealed class GroupPauseCommand : ICliCommand
{
    public string? Parent => "group";

    public Command Build(CliContext context)
    {
        var name = new Argument<string>("NAME");
        var reason = new Option<string?>("--reason") { Description = "why (shown by tandem status)" };
        var command = new Command("pause", "stop syncing a group until 'tandem group resume' (the service picks it up)") { name, reason };
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await context.OpenStoreAsync(parse, ct);
            await context.CreateEngine(store).PauseAsync(parse.GetRequiredValue(name), parse.GetValue(reason), ct);
            context.Out.WriteLine($"paused group '{parse.GetRequiredValue(name)}'; 'tandem group resume {parse.GetRequiredValue(name)}' lets it run again");
            return 0;
        });
        return command;
    }
}

internal sealed class GroupResumeCommand : ICliCommand
{
    public string? Parent => "group";

    public Command Build(CliContext context)
    {
        var name = new Argument<string>("NAME");
        var command = new Command("resume", "let a group paused with 'tandem group pause' run again") { name };
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await context.OpenStoreAsync(parse, ct);
            await context.CreateEngine(store).ResumeAsync(parse.GetRequiredValue(name), ct);
            context.Out.WriteLine($"resumed group '{parse.GetRequiredValue(name)}'");
            return 0;
        });
        return command;
    }
}
