using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Testing.Contract;

namespace Tandem.Connectors.Ews.Tests.Lab;

/// <summary>The EWS connector, over the lab, against the connector contract the engine relies on.</summary>
public sealed class EwsConnectorContractTests(LabContractFixture fixture) : ConnectorContractTests, IClassFixture<LabContractFixture>
{
    protected override IReadOnlyCollection<ItemKind> Kinds => Enum.GetValues<ItemKind>();

    protected override async Task<ContractFolder> NewFolderAsync(ItemKind kind)
    {
        var folder = FolderRef.Parse($"lab:alice@lab.test/{LabRoundTripTests.FolderFor(kind)}/Contract {Guid.NewGuid():N}");
        var connector = fixture.Lab.Connect();
        // A second connector stands for the user's Outlook: another client of the same mailbox.
        var user = fixture.Lab.Connect();
        var session = await connector.OpenFolderAsync(folder, kind, create: true, Ct);
        var userSession = await user.OpenFolderAsync(folder, kind, create: false, Ct);
        return new ContractFolder(session, userSession, kind, async () =>
        {
            await connector.DisposeAsync();
            await user.DisposeAsync();
        });
    }
}
