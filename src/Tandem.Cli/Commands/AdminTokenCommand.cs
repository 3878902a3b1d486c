using System.CommandLine;
using Tandem.Panel.Security;

namespace Tandem.Cli.Commands;

/// <summary><c>tandem admin token NAME [--label L]</c>: an API token for scripts, printed once.</summary>
internal sealed class AdminTokenCommand : ICliCommand
{
    public string? Parent => "admin";

    public Command Build(CliContext context)
    {
        var name = new Argument<string>("NAME");
        var label = new Option<string>("--label") { Description = "what the token is for", DefaultValueFactory = _ => "script" };
        var command = new Command("token", "create an API token acting as an account (printed once; stored hashed)") { name, label };
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await context.OpenStoreAsync(parse, ct);
            var (token, text) = await ApiTokens.CreateAsync(store, parse.GetRequiredValue(name), parse.GetValue(label)!, context.Time, ct);
            await AdminInput.AuditAsync(store, context, "token.create", token.Id, $"for {token.Account}: {token.Label}");
            context.Out.WriteLine(text);
            context.Error.WriteLine($"token {token.Id} for '{token.Account}': use it as 'Authorization: Bearer …'; it is not shown again");
            return 0;
        });
        return command;
    }
}
