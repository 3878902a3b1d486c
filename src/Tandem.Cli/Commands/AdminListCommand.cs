using System.CommandLine;
using Tandem.Panel.Security;

namespace Tandem.Cli.Commands;

/// <summary><c>tandem admin list</c>: accounts, roles, lock-outs and API tokens (never a hash).</summary>
internal sealed class AdminListCommand : ICliCommand
{
    public string? Parent => "admin";

    public Command Build(CliContext context)
    {
        var command = new Command("list", "list panel accounts and their API tokens");
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await context.OpenStoreAsync(parse, ct);
            var accounts = await store.ListAdminsAsync(ct);
            if (accounts.Count == 0) context.Out.WriteLine("no accounts (add one: tandem admin add NAME --role administrator --password-stdin)");
            var tokens = (await store.ListTokensAsync(null, ct)).ToLookup(t => t.Account, StringComparer.Ordinal);
            var now = context.Time.GetUtcNow();
            foreach (var a in accounts)
            {
                var locked = a.LockedUntil is { } until && until > now ? $"\tlocked until {until:yyyy-MM-dd HH:mm} UTC" : "";
                context.Out.WriteLine($"{a.Name}\t{PanelRoles.Name(a.Role)}{locked}");
                foreach (var t in tokens[a.Name]) context.Out.WriteLine($"  token {t.Id}\t{t.Label}\tlast used {(t.LastUsed is { } u ? u.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "never")}");
            }
            return 0;
        });
        return command;
    }
}
