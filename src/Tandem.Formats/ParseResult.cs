namespace Tandem.Formats;

/// <summary>
/// One item of a multi-item file: either its value or why it could not be read (quarantine). <see cref="Note"/> says
/// what in a read item was odd and kept as it came (<see cref="ReadNotes"/>), for the log; null when nothing was.
/// </summary>
public sealed record ParseResult<T>(T? Value, FormatParseException? Error, string? Note = null) where T : class
{
    public bool IsOk => Error is null;
}
