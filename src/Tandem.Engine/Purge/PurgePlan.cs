using Tandem.Core.Groups;

namespace Tandem.Engine.Purge;

/// <summary>One copy a purge will delete, named for the list shown before it asks for confirmation.</summary>
public sealed record PurgeItem(string Member, long LogicalId, string RemoteId, string Title);

/// <summary>
/// What a purge would delete (<see cref="PurgeRunner.PlanAsync"/>): shown first, then passed to
/// <see cref="PurgeRunner.RunAsync"/>. <see cref="Unreachable"/> lists members whose pending creates could not be looked
/// up (their copies are not listed; the purge refuses to run until they can be).
/// </summary>
public sealed record PurgePlan(string Group, FolderRef? Member, IReadOnlyList<PurgeItem> Items, IReadOnlyList<string> Unreachable);

/// <summary>A copy the purge could not delete, and why.</summary>
public sealed record PurgeFailure(string Member, string RemoteId, string Title, string Error);

/// <summary>
/// What a purge did: copies deleted, failures, and whether the group (or member) was removed — only when nothing
/// failed; otherwise the state is kept (the group paused for the purge) and the purge can simply be run again.
/// </summary>
public sealed record PurgeResult(int Deleted, IReadOnlyList<PurgeFailure> Failures, bool Removed);
