using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Core.Sync;
using Tandem.Engine.Tests.Model;
using Tandem.State;

namespace Tandem.Engine.Tests.Fakes;

/// <summary>
/// Wraps the real state store and crashes before or after a commit when the fault plan says so: a kill
/// between "the state was written" and "the next step ran". Counts full state loads, so tests can see the fast path.
/// </summary>
internal sealed class CrashingStateStore(IStateStore inner, FaultPlan faults) : IStateStore
{
    public int StateLoads { get; private set; }

    public Task<GroupHead> LoadGroupHeadAsync(string group, CancellationToken cancellationToken) => ModelTimings.TimeAsync("store head", () => inner.LoadGroupHeadAsync(group, cancellationToken));

    public async Task ApplyAsync(string group, StateDelta delta, CancellationToken cancellationToken)
    {
        faults.Step("before commit");
        await ModelTimings.TimeAsync("store apply", () => inner.ApplyAsync(group, delta, cancellationToken));
        faults.Step("after commit");
    }

    public Task AddConnectionAsync(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets, CancellationToken cancellationToken) => inner.AddConnectionAsync(connection, secrets, cancellationToken);
    public Task UpdateConnectionAsync(ConnectionDefinition connection, IReadOnlyDictionary<string, string>? secrets, CancellationToken cancellationToken) => inner.UpdateConnectionAsync(connection, secrets, cancellationToken);
    public Task RemoveConnectionAsync(string name, CancellationToken cancellationToken) => inner.RemoveConnectionAsync(name, cancellationToken);
    public Task<ConnectionDefinition?> GetConnectionAsync(string name, CancellationToken cancellationToken) => ModelTimings.TimeAsync("store connection", () => inner.GetConnectionAsync(name, cancellationToken));
    public Task<IReadOnlyList<ConnectionDefinition>> ListConnectionsAsync(CancellationToken cancellationToken) => inner.ListConnectionsAsync(cancellationToken);
    public Task<IReadOnlyDictionary<string, string>> GetSecretsAsync(string connection, CancellationToken cancellationToken) => ModelTimings.TimeAsync("store secrets", () => inner.GetSecretsAsync(connection, cancellationToken));
    public Task AddGroupAsync(GroupDefinition group, CancellationToken cancellationToken) => inner.AddGroupAsync(group, cancellationToken);
    public Task UpdateGroupAsync(GroupDefinition group, CancellationToken cancellationToken) => inner.UpdateGroupAsync(group, cancellationToken);
    public Task RemoveGroupAsync(string name, CancellationToken cancellationToken) => inner.RemoveGroupAsync(name, cancellationToken);
    public Task<GroupDefinition?> GetGroupAsync(string name, CancellationToken cancellationToken) => inner.GetGroupAsync(name, cancellationToken);
    public Task<IReadOnlyList<GroupDefinition>> ListGroupsAsync(CancellationToken cancellationToken) => inner.ListGroupsAsync(cancellationToken);

    public Task WriteHeartbeatAsync(ServiceHeartbeat heartbeat, CancellationToken cancellationToken) => inner.WriteHeartbeatAsync(heartbeat, cancellationToken);

    public Task<IReadOnlyList<ServiceHeartbeat>> ReadHeartbeatsAsync(CancellationToken cancellationToken) => inner.ReadHeartbeatsAsync(cancellationToken);
    public Task AddAdminAsync(Tandem.State.Admin.AdminAccount account, CancellationToken cancellationToken) => inner.AddAdminAsync(account, cancellationToken);
    public Task<Tandem.State.Admin.AdminAccount?> GetAdminAsync(string name, CancellationToken cancellationToken) => inner.GetAdminAsync(name, cancellationToken);
    public Task<IReadOnlyList<Tandem.State.Admin.AdminAccount>> ListAdminsAsync(CancellationToken cancellationToken) => inner.ListAdminsAsync(cancellationToken);
    public Task RemoveAdminAsync(string name, CancellationToken cancellationToken) => inner.RemoveAdminAsync(name, cancellationToken);
    public Task UpdateAdminAsync(string name, Tandem.State.Admin.AdminRole role, string passwordHash, CancellationToken cancellationToken) => inner.UpdateAdminAsync(name, role, passwordHash, cancellationToken);
    public Task<int> AddFailedSignInAsync(string name, CancellationToken cancellationToken) => inner.AddFailedSignInAsync(name, cancellationToken);
    public Task SetLockAsync(string name, DateTimeOffset? until, CancellationToken cancellationToken) => inner.SetLockAsync(name, until, cancellationToken);
    public Task AddTokenAsync(Tandem.State.Admin.ApiToken token, CancellationToken cancellationToken) => inner.AddTokenAsync(token, cancellationToken);
    public Task<Tandem.State.Admin.ApiToken?> FindTokenAsync(string id, CancellationToken cancellationToken) => inner.FindTokenAsync(id, cancellationToken);
    public Task<IReadOnlyList<Tandem.State.Admin.ApiToken>> ListTokensAsync(string? account, CancellationToken cancellationToken) => inner.ListTokensAsync(account, cancellationToken);
    public Task TouchTokenAsync(string id, DateTimeOffset at, CancellationToken cancellationToken) => inner.TouchTokenAsync(id, at, cancellationToken);
    public Task<bool> RemoveTokenAsync(string id, CancellationToken cancellationToken) => inner.RemoveTokenAsync(id, cancellationToken);
    public Task<long> AppendAuditAsync(Tandem.State.Admin.AuditEntry entry, CancellationToken cancellationToken) => inner.AppendAuditAsync(entry, cancellationToken);
    public Task<IReadOnlyList<Tandem.State.Admin.AuditEntry>> ReadAuditAsync(Tandem.State.Admin.AuditQuery query, CancellationToken cancellationToken) => inner.ReadAuditAsync(query, cancellationToken);
    public Task AddMemberAsync(string group, MemberDefinition member, CancellationToken cancellationToken) => inner.AddMemberAsync(group, member, cancellationToken);
    public Task RemoveMemberAsync(string group, FolderRef folder, CancellationToken cancellationToken) => inner.RemoveMemberAsync(group, folder, cancellationToken);
    public Task SetRulesAsync(string group, string? rulesJson, CancellationToken cancellationToken) => inner.SetRulesAsync(group, rulesJson, cancellationToken);
    public Task<GroupSyncState> LoadGroupStateAsync(string group, CancellationToken cancellationToken)
    {
        StateLoads++;
        return ModelTimings.TimeAsync("store state", () => inner.LoadGroupStateAsync(group, cancellationToken));
    }
    public Task<IReadOnlyDictionary<long, CanonicalItem>> LoadSnapshotsAsync(string group, IReadOnlyCollection<long> logicalIds, CancellationToken cancellationToken) => ModelTimings.TimeAsync("store snapshots", () => inner.LoadSnapshotsAsync(group, logicalIds, cancellationToken));
    public Task<IReadOnlyDictionary<(long Id, long Revision), CanonicalItem>> LoadSnapshotsAtAsync(string group, IReadOnlyCollection<(long Id, long Revision)> revisions, CancellationToken cancellationToken) => inner.LoadSnapshotsAtAsync(group, revisions, cancellationToken);
    public Task<GroupSummary> SummarizeAsync(string group, CancellationToken cancellationToken) => inner.SummarizeAsync(group, cancellationToken);
    public Task<IReadOnlyList<Tandem.Core.History.HistoryEntry>> LoadItemHistoryAsync(string group, long logicalId, CancellationToken cancellationToken) => inner.LoadItemHistoryAsync(group, logicalId, cancellationToken);
    public Task<IReadOnlyList<HistoryHit>> SearchHistoryAsync(string? group, string text, int limit, CancellationToken cancellationToken) => inner.SearchHistoryAsync(group, text, limit, cancellationToken);
    public Task<int> PruneHistoryAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) => inner.PruneHistoryAsync(olderThan, cancellationToken);
    public Task<int> CountChangedItemsAsync(DateTimeOffset since, CancellationToken cancellationToken) => inner.CountChangedItemsAsync(since, cancellationToken);
    public Task<string?> GetServiceSettingAsync(string key, CancellationToken cancellationToken) => inner.GetServiceSettingAsync(key, cancellationToken);
    public Task SetServiceSettingAsync(string key, string? value, CancellationToken cancellationToken) => inner.SetServiceSettingAsync(key, value, cancellationToken);
    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
