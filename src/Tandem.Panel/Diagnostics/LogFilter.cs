namespace Tandem.Panel.Diagnostics;

/// <summary>Which diagnostic lines to show: those mentioning a group or member, at a level or above, the newest <see cref="Limit"/>.</summary>
public sealed record LogFilter(string? Group = null, string? Member = null, string? Level = null, int Limit = 200);

/// <summary>One line of a diagnostic file: time, level (INF, WRN, ERR…), event id, source and message.</summary>
public sealed record LogLine(string At, string Level, string EventId, string Source, string Message);
