using System.CommandLine;
using Tandem.Service;

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
            var shown = StateStoreFactory.Display(path);
            await using (await context.OpenStoreAsync(parse, ct, create: true)) { }
            context.Out.WriteLine(existed ? $"state database {shown} already exists; schema is up to date" : StateStoreFactory.IsPostgres(path) ? $"state database {shown}: schema is up to date" : $"created state database {shown}");
            return 0;
        });
        return command;
    }
}
