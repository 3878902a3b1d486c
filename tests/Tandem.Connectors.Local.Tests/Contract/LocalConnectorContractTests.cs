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
        return await Samples.ContractFolderAsync(_root.Path, folder, kind, Ct);
    }

    public void Dispose() => _root.Dispose();
}

/// <summary>
/// The same contract with durable writes, as users run it: a batch's files are staged, flushed once, published, and
/// flushed once more (one syncfs each on Linux) instead of one fsync per file.
/// </summary>
public sealed class DurableLocalConnectorContractTests : ConnectorContractTests, IDisposable
{
    private readonly TempRoot _root = new();

    protected override IReadOnlyCollection<ItemKind> Kinds => Enum.GetValues<ItemKind>();

    protected override async Task<ContractFolder> NewFolderAsync(ItemKind kind)
    {
        var folder = FolderRef.Parse($"files:alice@contoso.com/Durable/{kind}");
        return await Samples.ContractFolderAsync(_root.Path, folder, kind, Ct, durable: true);
    }

    public void Dispose() => _root.Dispose();
}
