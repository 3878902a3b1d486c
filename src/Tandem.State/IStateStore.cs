using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Core.Sync;

namespace Tandem.State;

/// <summary>
/// Everything Tandem persists: the configuration (connections with their secrets, groups, members, rules)
/// and each group's hub state. Every method is one transaction. Configuration errors throw
/// <see cref="TandemConfigurationException"/> with a one-line message.
/// </summary>
public interface IStateStore : IAsyncDisposable
{
    /// <summary>Adds a connection; its secrets are encrypted at rest and never logged.</summary>
    Task AddConnectionAsync(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets, CancellationToken cancellationToken);

    /// <summary>Replaces a connection's settings and secrets (null keeps the stored secrets).</summary>
    Task UpdateConnectionAsync(ConnectionDefinition connection, IReadOnlyDictionary<string, string>? secrets, CancellationToken cancellationToken);

    /// <summary>Removes a connection; refused while a group member uses it.</summary>
    Task RemoveConnectionAsync(string name, CancellationToken cancellationToken);

    Task<ConnectionDefinition?> GetConnectionAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<ConnectionDefinition>> ListConnectionsAsync(CancellationToken cancellationToken);

    /// <summary>The decrypted secrets of a connection, for handing to its connector only.</summary>
    Task<IReadOnlyDictionary<string, string>> GetSecretsAsync(string connection, CancellationToken cancellationToken);

    /// <summary>Adds a group with the members its definition lists; refused if the name exists or a member is bad.</summary>
    Task AddGroupAsync(GroupDefinition group, CancellationToken cancellationToken);

    /// <summary>Changes a group's settings (conflict policy, priority member, threshold, rules); members are changed apart.</summary>
    Task UpdateGroupAsync(GroupDefinition group, CancellationToken cancellationToken);

    /// <summary>Removes a group and all its state (the items in the members stay where they are).</summary>
    Task RemoveGroupAsync(string name, CancellationToken cancellationToken);

    Task<GroupDefinition?> GetGroupAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<GroupDefinition>> ListGroupsAsync(CancellationToken cancellationToken);

    /// <summary>Adds a member; refused for an unknown connection or a folder already in the group.</summary>
    Task AddMemberAsync(string group, MemberDefinition member, CancellationToken cancellationToken);

    /// <summary>Removes a member and its member items (its copies stay in the store, no longer synced).</summary>
    Task RemoveMemberAsync(string group, FolderRef folder, CancellationToken cancellationToken);

    /// <summary>Sets a group's filter and modification rules (<see cref="SyncRules"/> JSON; null clears them). Validated first.</summary>
    Task SetRulesAsync(string group, string? rulesJson, CancellationToken cancellationToken);

    /// <summary>A group's hub state for planning (without snapshots).</summary>
    Task<GroupSyncState> LoadGroupStateAsync(string group, CancellationToken cancellationToken);

    /// <summary>
    /// The group's settings, members, pause and "converged" record, without its items. A store that keeps no such record
    /// answers "not converged", which only costs the fast path.
    /// </summary>
    async Task<GroupHead> LoadGroupHeadAsync(string group, CancellationToken cancellationToken)
    {
        var state = await LoadGroupStateAsync(group, cancellationToken).ConfigureAwait(false);
        return new GroupHead(state.Group, state.GroupUid, state.Members, state.Pause, state.Version, Converged: false);
    }

    /// <summary>Current snapshots of the given logical items (missing ids are absent from the result).</summary>
    Task<IReadOnlyDictionary<long, CanonicalItem>> LoadSnapshotsAsync(string group, IReadOnlyCollection<long> logicalIds, CancellationToken cancellationToken);

    /// <summary>Merge bases (the snapshot of <see cref="LogicalItem.BaseRevision"/>) of the given logical items.</summary>
    Task<IReadOnlyDictionary<long, CanonicalItem>> LoadBaseSnapshotsAsync(string group, IReadOnlyCollection<long> logicalIds, CancellationToken cancellationToken);

    /// <summary>Applies one step of a cycle atomically.</summary>
    Task ApplyAsync(string group, StateDelta delta, CancellationToken cancellationToken);

    /// <summary>Counts and problems of a group for status displays, without loading its items.</summary>
    Task<GroupSummary> SummarizeAsync(string group, CancellationToken cancellationToken);
}
