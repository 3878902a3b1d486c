using System.CommandLine;
using Tandem.Panel.Security;

namespace Tandem.Cli.Commands;

/// <summary><c>tandem admin add NAME [--role R] --password-stdin</c>: an account for the panel and API.</summary>
internal sealed class AdminAddCommand : ICliCommand
{
    public string? Parent => "admin";

    public Command Build(CliContext context)
    {
        var name = new Argument<string>("NAME");
        var role = AdminInput.Role(PanelRoles.Viewer);
        var stdin = AdminInput.PasswordStdin();
        var command = new Command("add", "add an account for the administration panel and API") { name, role, stdin };
        command.SetAction(async (parse, ct) =>
        {
            var parsedRole = PanelRoles.Parse(parse.GetValue(role)!);
            var password = AdminInput.Password(context, parse, stdin);
            await using var store = await context.OpenStoreAsync(parse, ct);
            var account = await AdminAccounts.AddAsync(store, parse.GetRequiredValue(name), password, parsedRole, context.Time, ct);
            await AdminInput.AuditAsync(store, context, "account.add", account.Name, PanelRoles.Name(account.Role));
            context.Out.WriteLine($"added {PanelRoles.Name(account.Role)} '{account.Name}'");
            return 0;
        });
        return command;
    }
}
