using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Testing.Contract;

namespace Tandem.Connectors.Graph.Tests.Lab;

/// <summary>The Graph connector, over the lab's Graph face, against the connector contract the engine relies on.</summary>
public class GraphConnectorContractTests(GraphLab lab) : ConnectorContractTests, IClassFixture<GraphLab>
{
    protected override IReadOnlyCollection<ItemKind> Kinds => [ItemKind.Contact, ItemKind.Event, ItemKind.Task, ItemKind.Message];

    protected override async Task<ContractFolder> NewFolderAsync(ItemKind kind)
    {
        var root = kind switch { ItemKind.Event => "Calendar", ItemKind.Task => "Tasks", ItemKind.Message => "Inbox", _ => "Contacts" };
        var folder = FolderRef.Parse($"lab:alice@lab.test/{root}/Contract {Guid.NewGuid():N}");
        var connector = lab.Connect();
        // A second connector stands for the user's Outlook: another client of the same mailbox.
        var user = lab.Connect();
        var session = await connector.OpenFolderAsync(folder, kind, create: true, Ct);
        var userSession = await user.OpenFolderAsync(folder, kind, create: false, Ct);
        return new ContractFolder(session, userSession, kind, async () =>
        {
            await connector.DisposeAsync();
            await user.DisposeAsync();
        });
    }
}

/// <summary>The behavioural cases of the contract on calendars (a calendar is another kind of folder, read by another delta).</summary>
public sealed class GraphEventContractTests(GraphLab lab) : GraphConnectorContractTests(lab)
{
    protected override ItemKind MainKind => ItemKind.Event;
}

/// <summary>The behavioural cases of the contract on To Do lists.</summary>
public sealed class GraphTaskContractTests(GraphLab lab) : GraphConnectorContractTests(lab)
{
    protected override ItemKind MainKind => ItemKind.Task;
}

