using Tandem.Connectors.Dav.Tests.Servers;
using Tandem.Core.Items;
using Tandem.Testing.Contract;

namespace Tandem.Connectors.Dav.Tests.Contract;

/// <summary>The DAV connector against the connector contract, on a real server: one fresh collection per case.</summary>
public abstract class DavContractTests(DavServer server) : ConnectorContractTests
{
    private static int _folders;

    // CalDAV and CardDAV have no mail
    protected override IReadOnlyCollection<ItemKind> Kinds => [ItemKind.Contact, ItemKind.Event, ItemKind.Task, ItemKind.Note];

    protected override async Task<ContractFolder> NewFolderAsync(ItemKind kind)
    {
        server.SkipIfDown();
        var folder = server.Folder($"contract-{Interlocked.Increment(ref _folders)}-{kind.ToString().ToLowerInvariant()}");
        var connector = server.Connector();
        // a second connector is the user: it shares the server, not the session's memory of it; it makes the collection
        var user = server.Connector();
        var userSession = await user.OpenFolderAsync(folder, kind, create: true, Ct);
        await userSession.ReadChangesAsync(null, Ct);
        var session = await connector.OpenFolderAsync(folder, kind, create: false, Ct);
        return new ContractFolder(session, userSession, kind, async () =>
        {
            await connector.DisposeAsync();
            await user.DisposeAsync();
        });
    }
}

[Collection(DavServersCollection.Name)]
public sealed class RadicaleContractTests(RadicaleServer server) : DavContractTests(server);

[Collection(DavServersCollection.Name)]
public sealed class XandikosContractTests(XandikosServer server) : DavContractTests(server);

[Collection(DavServersCollection.Name)]
public sealed class CyrusContractTests(CyrusServer server) : DavContractTests(server);
