using System.CommandLine;
using Tandem.Connectors.Ews;
using Tandem.Core.Groups;

namespace Tandem.Cli.Commands;

/// <summary>
/// <c>tandem folders CONNECTION[:MAILBOX]</c>: the folder tree with item types and counts, public folders included
/// (for an ews connection without a mailbox: its own mailbox and the public folders), so an administrator can copy
/// folder references into <c>member add</c>.
/// </summary>
internal sealed class FoldersCommand : ICliCommand
{
    public string? Parent => null;

    public Command Build(CliContext context)
    {
        var target = new Argument<string>("CONNECTION[:MAILBOX]") { Description = "a connection, optionally with a mailbox (an address, or 'public' for the public folders)" };
        var command = new Command("folders", "list a connection's folders with item types and counts") { target };
        command.SetAction(async (parse, ct) =>
        {
            var (name, mailbox) = Split(parse.GetRequiredValue(target));
            await using var store = await context.OpenStoreAsync(parse, ct);
            var connection = await store.GetConnectionAsync(name, ct) ?? throw new CliUsageException($"no connection named '{name}' (see 'tandem connection list')");
            var secrets = await store.GetSecretsAsync(name, ct);
            await using var connector = context.CreateRegistry().Open(connection, secrets);
            var folders = await connector.ListFoldersAsync(mailbox, ct);
            if (folders.Count == 0)
            {
                context.Out.WriteLine($"no folders under {parse.GetRequiredValue(target)}");
                return 0;
            }
            // The listing format is connector-neutral (FolderInfo); the EWS connector owns it because it came first.
            foreach (var line in EwsFolderListing.Format(folders)) context.Out.WriteLine(line);
            return 0;
        });
        return command;
    }

    private static (string Connection, string? Mailbox) Split(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var connection = colon < 0 ? value : value[..colon];
        var mailbox = colon < 0 ? null : value[(colon + 1)..].Trim('/');
        if (connection.Length == 0) throw new CliUsageException($"'{value}' does not start with a connection name (CONNECTION[:MAILBOX])");
        if (mailbox is { Length: 0 }) mailbox = null;
        if (mailbox is not null && mailbox.Contains('/', StringComparison.Ordinal)) throw new CliUsageException($"'{value}': give a mailbox, not a folder path (CONNECTION[:MAILBOX])");
        return (connection, mailbox is null ? null : string.Equals(mailbox, FolderRef.PublicMailbox, StringComparison.OrdinalIgnoreCase) ? FolderRef.PublicMailbox : mailbox);
    }
}
