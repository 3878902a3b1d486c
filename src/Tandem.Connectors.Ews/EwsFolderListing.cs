using System.Globalization;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;

namespace Tandem.Connectors.Ews;

/// <summary>
/// <c>tandem folders CONNECTION[:MAILBOX]</c>: a connection's folder tree as text lines, public folders
/// included, e.g. <c>alice@lab.test/Contacts/Company   contacts   12 items</c>.
/// </summary>
public static class EwsFolderListing
{
    /// <param name="mailbox">A mailbox address, "public", or null for the connection's own mailbox plus the public folders.</param>
    public static async Task<IReadOnlyList<string>> ListAsync(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets,
        string? mailbox, CancellationToken cancellationToken)
    {
        await using var connector = new EwsConnectorFactory().Create(connection, secrets);
        return Format(await connector.ListFoldersAsync(mailbox, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>One line per folder: path, kind, item count; columns aligned.</summary>
    public static IReadOnlyList<string> Format(IReadOnlyList<FolderInfo> folders)
    {
        var paths = folders.Select(f => f.Mailbox + "/" + f.Path).ToArray();
        var width = paths.Length == 0 ? 0 : paths.Max(p => p.Length);
        return folders.Select((f, i) => string.Create(CultureInfo.InvariantCulture,
            $"{paths[i].PadRight(width)}  {KindText(f.Kind),-8}  {(f.ItemCount is { } n ? n + (n == 1 ? " item" : " items") : "")}").TrimEnd()).ToArray();
    }

    private static string KindText(ItemKind? kind) => kind switch
    {
        ItemKind.Contact => "contacts",
        ItemKind.Event => "calendar",
        ItemKind.Task => "tasks",
        ItemKind.Note => "notes",
        ItemKind.Message => "mail",
        _ => "-",
    };
}
