namespace Tandem.Core.History;

/// <summary>
/// One line of a logical item's history ("why did this contact change?"), recorded by the engine in the same commit
/// as the change it describes and kept for the group's history retention.
/// </summary>
/// <param name="Revision">The item's revision after the change (for deliveries: the revision the member received).</param>
/// <param name="MemberId">The member the change came from, or that received it (<see cref="HistoryAction.Delivered"/>).</param>
/// <param name="Title">The item's name or subject at the time (searchable), null for deliveries.</param>
/// <param name="Changes">Field changes of an update.</param>
/// <param name="Detail">A conflict's decision, a quarantine's reason, or what a delivery wrote (created, updated, deleted).</param>
public sealed record HistoryEntry(
    long LogicalId,
    long Revision,
    DateTimeOffset At,
    HistoryAction Action,
    int MemberId,
    string? Title = null,
    IReadOnlyList<FieldChange>? Changes = null,
    string? Detail = null);
