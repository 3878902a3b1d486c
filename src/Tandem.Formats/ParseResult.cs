namespace Tandem.Formats;

/// <summary>One item of a multi-item file: either its value or why it could not be read (quarantine).</summary>
public sealed record ParseResult<T>(T? Value, FormatParseException? Error) where T : class
{
    public bool IsOk => Error is null;
}
