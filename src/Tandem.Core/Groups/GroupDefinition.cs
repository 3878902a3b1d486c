using Tandem.Core.Items;

namespace Tandem.Core.Groups;

public sealed record MemberDefinition(FolderRef Folder, MemberRole Role);

/// <summary>A sync group as the administrator defined it.</summary>
public sealed record GroupDefinition
{
    public required string Name { get; init; }
    public required ItemKind Kind { get; init; }
    public ConflictPolicy Conflict { get; init; } = ConflictPolicy.Newest;

    /// <summary>The member that wins under <see cref="ConflictPolicy.Priority"/>.</summary>
    public FolderRef? PriorityMember { get; init; }
    public ValueList<MemberDefinition> Members { get; init; } = ValueList<MemberDefinition>.Empty;

    /// <summary>Share of the group's items one cycle may delete before the group pauses for approval.</summary>
    public double MassDeleteThreshold { get; init; } = 0.2;

    /// <summary>Filter and modification rules, as JSON owned by the filter code (null: everything, unchanged).</summary>
    public string? RulesJson { get; init; }
}
