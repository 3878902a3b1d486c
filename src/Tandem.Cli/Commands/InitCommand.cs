using System.CommandLine;

namespace Tandem.Cli.Commands;

/// <summary><c>tandem init</c>: creates the state database (and its secrets key file next to it).</summary>
internal sealed class InitCommand : ICliCommand
{
    public string? Parent => null;

    public Command Build(CliContext context)
    {
        var command = new Command("init", "create the state database");
        command.SetAction(async (parse, ct) =>
        {
            var path = context.StatePath(parse);
            var existed = File.Exists(path);
            await using (await context.OpenStoreAsync(parse, ct, create: true)) { }
            context.Out.WriteLine(existed ? $"state database {path} already exists; schema is up to date" : $"created state database {path}");
            return 0;
        });
        return command;
    }
}
