using Microsoft.Kiota.Abstractions;
using Tandem.Core.Connectors;

namespace Tandem.Connectors.Graph.Sessions;

/// <summary>To Do tasks of a list (written below).</summary>
internal sealed class TaskType(GraphContext graph, GraphFolder folder) : GraphItemType(graph, folder)
{
    public override Task<ChangeSet> ReadAsync(string? token, CancellationToken cancellationToken) => throw new NotSupportedException();

    public override Task<IReadOnlyList<RemoteItem>> FindByStampAsync(string groupId, IReadOnlyCollection<string> logicalIds, CancellationToken cancellationToken) => throw new NotSupportedException();

    public override RequestInformation Request(WriteRequest write) => throw new NotSupportedException();
}
