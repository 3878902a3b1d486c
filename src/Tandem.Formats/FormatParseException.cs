namespace Tandem.Formats;

/// <summary>
/// A file (or one item in it) that cannot be read. It names the file and the physical line so that the
/// quarantine list and the logs point an administrator straight at the culprit.
/// </summary>
public sealed class FormatParseException : Exception
{
    public FormatParseException(string? fileName, int line, string reason, Exception? inner = null)
        : base($"{fileName ?? "<input>"}:{line}: {reason}", inner)
    {
        FileName = fileName;
        Line = line;
        Reason = reason;
    }

    public string? FileName { get; }

    /// <summary>1-based physical line where the problem starts.</summary>
    public int Line { get; }

    public string Reason { get; }
}
