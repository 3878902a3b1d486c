using Tandem.Core.Groups;

namespace Tandem.Engine.Tests.Model;

/// <summary>
/// What a scenario starts with: the group's first members (member i is folder <c>mem:mi/F</c>), its policy and
/// the fault settings. Fixed for a seed; shrinking keeps it and drops steps.
/// </summary>
internal sealed record ModelSetup(
    int Seed,
    IReadOnlyList<MemberRole> Roles,
    ConflictPolicy Policy,
    int Priority,
    double Threshold,
    bool CompleteListings,
    double FailWrites)
{
    public string Describe() =>
        $"members: {string.Join(", ", Roles.Select((r, i) => $"m{i}={r}"))}; policy {Policy}{(Priority >= 0 ? $" (priority m{Priority})" : "")}; " +
        $"mass-delete threshold {Threshold}; complete listings {CompleteListings}; refused writes {FailWrites}";
}

/// <summary>
/// One step of a scenario. Steps are data, generated from the seed before anything runs, so that any subset of
/// them replays deterministically (the shrinker's premise). A step that no longer makes sense in a subset (an edit of
/// a member that holds nothing, removing a member that is not there) does nothing.
/// </summary>
internal abstract record ModelStep
{
    public abstract string Describe();
}

/// <summary>A user creates contact <paramref name="Key"/> in a member.</summary>
internal sealed record CreateStep(int Member, string Key, string Surname) : ModelStep
{
    public override string Describe() => $"create {Key} in m{Member}";
}

/// <summary>Before the first cycle: a member already holds an identical copy of <paramref name="Key"/> (matched on joining).</summary>
internal sealed record CopyStep(int Member, string Key) : ModelStep
{
    public override string Describe() => $"copy of {Key} already in m{Member}";
}

/// <summary>A user edits one field. <paramref name="Pick"/> chooses among the member's items until the run resolves it to <paramref name="Key"/>.</summary>
internal sealed record EditStep(int Member, int Pick, string Field, string Value, string? Key = null) : ModelStep
{
    public override string Describe() => $"edit {Key ?? $"#{Pick}"} in m{Member}: {Field}={Value}";
}

/// <summary>A user deletes an item (chosen like <see cref="EditStep"/>).</summary>
internal sealed record DeleteStep(int Member, int Pick, string? Key = null) : ModelStep
{
    public override string Describe() => $"delete {Key ?? $"#{Pick}"} in m{Member}";
}

/// <summary>A sync cycle; <paramref name="CrashAfter"/> &gt; 0 kills the process at that many fault steps into it; a pause is approved (1), rejected (2) or left (0).</summary>
internal sealed record CycleStep(int CrashAfter, int Decision) : ModelStep
{
    public override string Describe() =>
        "cycle" + (CrashAfter > 0 ? $", crash at its fault step {CrashAfter}" : "") + (Decision == 1 ? ", approve a pause" : Decision == 2 ? ", reject a pause" : "");
}

/// <summary>A member's server is unreachable (reads and writes fail) for the next <paramref name="Cycles"/> cycles.</summary>
internal sealed record OfflineStep(int Member, int Cycles) : ModelStep
{
    public override string Describe() => $"m{Member} unreachable for {Cycles} cycle(s)";
}

/// <summary>A member joins (a new empty folder, or a folder that was a member before and still holds its copies).</summary>
internal sealed record AddMemberStep(int Member, MemberRole Role) : ModelStep
{
    public override string Describe() => $"add m{Member} as {Role}";
}

internal sealed record RemoveMemberStep(int Member) : ModelStep
{
    public override string Describe() => $"remove m{Member}";
}

/// <summary>A member's role changes; there is no API for that, so it is removed and added again with the new role.</summary>
internal sealed record ChangeRoleStep(int Member, MemberRole Role) : ModelStep
{
    public override string Describe() => $"m{Member} becomes {Role} (removed and re-added)";
}

internal sealed record PolicyStep(ConflictPolicy Policy, int Priority) : ModelStep
{
    public override string Describe() => $"conflict policy becomes {Policy}{(Priority >= 0 ? $" (priority m{Priority})" : "")}";
}

/// <summary>The group's filter is switched on (items whose JobTitle is "hidden" are left out) or off.</summary>
internal sealed record RulesStep(bool Filter) : ModelStep
{
    public override string Describe() => Filter ? "filter on: JobTitle != hidden" : "filter off";
}
