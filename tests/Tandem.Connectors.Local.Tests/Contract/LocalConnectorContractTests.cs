using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Testing.Contract;

namespace Tandem.Connectors.Local.Tests.Contract;

/// <summary>The local connector (a directory of .vcf/.ics files) against the connector contract the engine relies on.</summary>
public sealed class LocalConnectorContractTests : ConnectorContractTests, IDisposable
{
    private readonly TempRoot _root = new();

    protected override IReadOnlyCollection<ItemKind> Kinds => Enum.GetValues<ItemKind>();

    protected override async Task<ContractFolder> NewFolderAsync(ItemKind kind)
    {
        var folder = FolderRef.Parse($"files:alice@contoso.com/Contract/{kind}");
        var connector = Samples.Connector(_root.Path);
        // Another connector on the same directory stands for the user: it shares the files, not the session's memory of them.
        var user = Samples.Connector(_root.Path);
        var session = await connector.OpenFolderAsync(folder, kind, create: true, Ct);
        var userSession = await user.OpenFolderAsync(folder, kind, create: false, Ct);
        return new ContractFolder(session, userSession, kind, async () =>
        {
            await connector.DisposeAsync();
            await user.DisposeAsync();
        });
    }

    public void Dispose() => _root.Dispose();
}
