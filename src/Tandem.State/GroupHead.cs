using Tandem.Core.Groups;
using Tandem.Core.Sync;

namespace Tandem.State;

/// <summary>
/// A group without its items: enough to open and read its members, and to know whether the last cycle left it
/// converged (so a cycle in which no member reports a change need not load the items at all).
/// </summary>
public sealed record GroupHead(GroupDefinition Group, string GroupUid, IReadOnlyList<SyncMember> Members, GroupPause? Pause, long Version, bool Converged);
