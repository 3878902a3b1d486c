namespace Tandem.Core.Sync;

/// <summary>
/// The group rules a step's tokens were read under (<see cref="StateDelta.TokensPlannedWith"/>); <see cref="Json"/> is
/// null for a group without rules. A change of the rules drops every member's token so that each member is read whole
/// once; a cycle planned with the old rules must not put its tokens back after that.
/// </summary>
public sealed record PlannedRules(string? Json);
