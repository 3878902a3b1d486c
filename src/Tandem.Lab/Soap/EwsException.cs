namespace Tandem.Lab.Soap;

/// <summary>
/// An EWS error with its response code. Thrown for one item it becomes that item's error response message; thrown
/// for the whole request (authentication, impersonation, version, schema, throttling) it becomes a SOAP fault.
/// </summary>
internal sealed class EwsException : Exception
{
    public EwsException(string code, string message, int? backOffMilliseconds = null)
        : base(message)
    {
        Code = code;
        BackOffMilliseconds = backOffMilliseconds;
    }

    public string Code { get; }

    public int? BackOffMilliseconds { get; }

    /// <summary>Schema-violation details Exchange reports in MessageXml (LineNumber, LinePosition, Violation).</summary>
    public (int Line, int Position, string Violation)? SchemaViolation { get; init; }

    public static EwsException ItemNotFound() =>
        new("ErrorItemNotFound", "The specified object was not found in the store.");

    public static EwsException FolderNotFound() =>
        new("ErrorFolderNotFound", "The specified folder could not be found in the store.");

    public static EwsException InvalidIdMalformed() =>
        new("ErrorInvalidIdMalformed", "Id is malformed.");

    public static EwsException AccessDenied() =>
        new("ErrorAccessDenied", "Access is denied. Check credentials and try again.");

    public static EwsException ServerBusy(int backOffMs) =>
        new("ErrorServerBusy", "The server cannot service this request right now. Try again later.", backOffMs);
}
