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
            var shown = StateStoreFactory.Display(path);
            var adminName = parse.GetValue(admin);
            // read the password before creating anything: a missing one must not leave a half-initialized state
            var password = adminName is null ? null : AdminInput.Password(context, parse, stdin);
            await using (var store = await context.OpenStoreAsync(parse, ct, create: true))
            {
                context.Out.WriteLine(existed ? $"state database {shown} already exists; schema is up to date" : StateStoreFactory.IsPostgres(path) ? $"state database {shown}: schema is up to date" : $"created state database {shown}");
                if (adminName is not null)
                {
                    var account = await AdminAccounts.AddAsync(store, adminName, password!, AdminRole.Administrator, context.Time, ct);
                    await AdminInput.AuditAsync(store, context, "account.add", account.Name, "administrator (init)");
                    context.Out.WriteLine($"added administrator '{account.Name}': sign in to the panel served by 'tandem serve' (http://127.0.0.1:8787/)");
                }
            }
            return 0;
        });
        return command;
    }
}
