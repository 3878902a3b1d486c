using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Engine.Tests.Fakes;
using Tandem.Testing.Contract;
using Tandem.Testing.Time;

namespace Tandem.Engine.Tests.Contract;

/// <summary>
/// The in-memory fake every engine test runs on, held to the same contract as the real connectors: an engine test
/// that passes on a fake the real stores do not resemble proves nothing.
/// </summary>
public sealed class MemoryConnectorContractTests : ConnectorContractTests
{
    private readonly MemoryStore _store = new(new TestClock());

    protected override IReadOnlyCollection<ItemKind> Kinds => Enum.GetValues<ItemKind>();

    protected override async Task<ContractFolder> NewFolderAsync(ItemKind kind)
    {
        var folder = FolderRef.Parse($"mem:alice@example.org/Contract/{Guid.NewGuid():N}");
        var session = await Connect().OpenFolderAsync(folder, kind, create: true, Ct);
        // A second connector on the same store: the "user" shares the data, not the session.
        var user = await Connect().OpenFolderAsync(folder, kind, create: false, Ct);
        return new ContractFolder(session, user, kind);
    }

    private Tandem.Core.Connectors.IConnector Connect() =>
        _store.Create(new ConnectionDefinition("mem", "memory", new Dictionary<string, string>()), new Dictionary<string, string>());
}
