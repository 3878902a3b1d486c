namespace Tandem.Formats.ContentLines;

/// <summary>
/// What a <see cref="ContentLine"/> holds, without the object: a read that keeps many lines but looks at one at a time
/// stores these in one array and loads them into a few reused lines (<see cref="ContentLine.Load"/>).
/// </summary>
internal readonly record struct LineState(
    string Name, IReadOnlyList<ContentParameter> Parameters, object? Source, string? RawValue, int ValueStart, int ValueLength, bool Utf8, int LineNumber);
