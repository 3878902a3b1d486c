using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Testing.Contract;

namespace Tandem.Connectors.Local.Tests.Contract;

/// <summary>A member that is one multi-item file (files:MAILBOX/…/name.vcf or .ics) against the connector contract.</summary>
public sealed class MultiItemFileContractTests : ConnectorContractTests, IDisposable
{
    private readonly TempRoot _root = new();

    protected override IReadOnlyCollection<ItemKind> Kinds => [ItemKind.Contact, ItemKind.Event, ItemKind.Task, ItemKind.Note];

    protected override async Task<ContractFolder> NewFolderAsync(ItemKind kind)
    {
        var name = kind == ItemKind.Contact ? "company.vcf" : $"{kind}.ics";
        var folder = FolderRef.Parse($"files:shared/Contract/{name}");
        Directory.CreateDirectory(_root.Combine("shared", "Contract"));
        File.WriteAllBytes(_root.Combine("shared", "Contract", name), []);
        return await Samples.ContractFolderAsync(_root.Path, folder, kind, Ct);
    }

    public void Dispose() => _root.Dispose();
}
