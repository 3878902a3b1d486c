using System.CommandLine;
using Tandem.Panel.Security;
using Tandem.Service;
using Tandem.State.Admin;

namespace Tandem.Cli.Commands;

/// <summary><c>tandem init</c>: creates the state database (and its secrets key file next to it), and with <c>--admin NAME</c> the panel's first administrator.</summary>
internal sealed class InitCommand : ICliCommand
{
    public string? Parent => null;

    public Command Build(CliContext context)
    {
        var admin = new Option<string?>("--admin") { Description = "also create the first administrator of the panel, with this name" };
        var stdin = AdminInput.PasswordStdin();
        var command = new Command("init", "create the state database (and the panel's first administrator)") { admin, stdin };
        command.SetAction(async (parse, ct) =>
        {
            var path = context.StatePath(parse);
            var existed = File.Exists(path);
using Tandem.Panel.Security;
using Tandem.Service;
using Tandem.State.Admin;
            return 0;
        });
        return command;
    }
}
