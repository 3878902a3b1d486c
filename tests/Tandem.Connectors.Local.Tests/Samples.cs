using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Testing.Items;

namespace Tandem.Connectors.Local.Tests;

/// <summary>Local-connector helpers: connectors on a temporary root, hand-made files, and stamps in the group "company".</summary>
internal static class Samples
{
    public static string HandMadeCard(string fullName, string given, string surname) =>
        "BEGIN:VCARD\r\nVERSION:3.0\r\n" +
        $"N:{surname};{given};;;\r\nFN:{fullName}\r\nEMAIL;TYPE=INTERNET:{given.ToLowerInvariant()}@example.org\r\nEND:VCARD\r\n";

    public static ItemStamp Stamp(string logicalId, string group = "company") => SampleItems.Stamp(logicalId, group);

    public static WriteRequest Create(CanonicalItem item, string logicalId, string group = "company") => SampleItems.Create(item, logicalId, group);

    /// <summary>A connector on <paramref name="root"/>; durable ones flush what they write (batches: once per batch, not per file).</summary>
    public static LocalConnector Connector(string root, TimeProvider? time = null, bool durable = false) =>
        (LocalConnector)new LocalConnectorFactory(time).Create(
            new ConnectionDefinition("files", "local", new Dictionary<string, string> { ["root"] = root, ["fsync"] = durable ? "true" : "false" }),
            new Dictionary<string, string>());

    /// <summary>A contract folder: the session under test, and another connector on the same root standing for the user.</summary>
    public static async Task<Tandem.Testing.Contract.ContractFolder> ContractFolderAsync(string root, FolderRef folder, ItemKind kind, CancellationToken ct, bool durable = false)
    {
        var connector = Connector(root, durable: durable);
        // Another connector on the same directory stands for the user: it shares the files, not the session's memory of them.
        var user = Connector(root);
        var session = await connector.OpenFolderAsync(folder, kind, create: true, ct);
        var userSession = await user.OpenFolderAsync(folder, kind, create: false, ct);
        return new Tandem.Testing.Contract.ContractFolder(session, userSession, kind, async () =>
        {
            await connector.DisposeAsync();
            await user.DisposeAsync();
        });
    }

    public static async Task<LocalFolderSession> OpenAsync(string root, string reference = "files:alice@contoso.com/Contacts/Company", ItemKind kind = ItemKind.Contact) =>
        (LocalFolderSession)await Connector(root).OpenFolderAsync(FolderRef.Parse(reference), kind, create: true, CancellationToken.None);
}
