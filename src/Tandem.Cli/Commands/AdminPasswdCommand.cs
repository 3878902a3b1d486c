using System.CommandLine;
using Tandem.Panel.Security;

namespace Tandem.Cli.Commands;

/// <summary><c>tandem admin passwd NAME --password-stdin [--role R]</c>: a new password (and role); also lifts a lock-out.</summary>
internal sealed class AdminPasswdCommand : ICliCommand
{
    public string? Parent => "admin";

    public Command Build(CliContext context)
    {
        var name = new Argument<string>("NAME");
        var role = new Option<string?>("--role") { Description = "also change the role (administrator, operator, viewer)" };
        var stdin = AdminInput.PasswordStdin();
        var command = new Command("passwd", "set a panel account's password (and unlock it)") { name, role, stdin };
        command.SetAction(async (parse, ct) =>
        {
            var newRole = parse.GetValue(role) is { } r ? PanelRoles.Parse(r) : (Tandem.State.Admin.AdminRole?)null;
            var password = AdminInput.Password(context, parse, stdin);
            await using var store = await context.OpenStoreAsync(parse, ct);
            await AdminAccounts.SetPasswordAsync(store, parse.GetRequiredValue(name), password, newRole, ct);
            await AdminInput.AuditAsync(store, context, "account.passwd", parse.GetRequiredValue(name), newRole is { } nr ? "role " + PanelRoles.Name(nr) : null);
            context.Out.WriteLine($"password of '{parse.GetRequiredValue(name)}' changed; the account is unlocked");
            return 0;
        });
        return command;
    }
}
