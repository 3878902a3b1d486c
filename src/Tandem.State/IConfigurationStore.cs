using Tandem.Core.Groups;

namespace Tandem.State;

/// <summary>
/// What the user configures: connections with their secrets, groups, members and rules. Every method is one
/// transaction. Configuration errors throw <see cref="TandemConfigurationException"/> with a one-line message.
/// A change that may alter what a group syncs also clears that group's "converged" record
/// (see <see cref="IGroupStateStore.LoadGroupHeadAsync"/>).
/// </summary>
public interface IConfigurationStore
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
}
