using System.CommandLine;
using Tandem.Panel.Security;

namespace Tandem.Cli.Commands;

/// <summary><c>tandem admin remove NAME</c>: the account and its API tokens; its sessions end at their next request.</summary>
internal sealed class AdminRemoveCommand : ICliCommand
{
    public string? Parent => "admin";

    public Command Build(CliContext context)
    {
        var name = new Argument<string>("NAME");
        var command = new Command("remove", "remove a panel account and its API tokens") { name };
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await context.OpenStoreAsync(parse, ct);
            await store.RemoveAdminAsync(parse.GetRequiredValue(name), ct);
            await AdminInput.AuditAsync(store, context, "account.remove", parse.GetRequiredValue(name));
            context.Out.WriteLine($"removed account '{parse.GetRequiredValue(name)}'");
            return 0;
        });
        return command;
    }
}
