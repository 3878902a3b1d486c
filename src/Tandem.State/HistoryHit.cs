namespace Tandem.State;

/// <summary>An item found in the history: its group, id, latest recorded title and when it last changed.</summary>
public sealed record HistoryHit(string Group, long LogicalId, string Title, DateTimeOffset LastChanged);
