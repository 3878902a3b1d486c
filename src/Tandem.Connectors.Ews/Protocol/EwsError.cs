namespace Tandem.Connectors.Ews.Protocol;

/// <summary>
/// An EWS failure that is not a per-item outcome: a SOAP fault, an HTTP error, or a response message
/// the caller cannot treat item by item. <see cref="ResponseCode"/> carries Exchange's code when there is one.
/// </summary>
public sealed class EwsException : Exception
{
    public EwsException(string responseCode, string message, int? httpStatus = null, Exception? inner = null)
        : base(message, inner)
    {
        ResponseCode = responseCode;
        HttpStatus = httpStatus;
    }

    public string ResponseCode { get; }

    public int? HttpStatus { get; }

    public bool IsServerBusy => ResponseCode == EwsCodes.ServerBusy || HttpStatus == 503;
}

internal static class EwsCodes
{
    public const string NoError = "NoError";
    public const string ServerBusy = "ErrorServerBusy";
    public const string InvalidSyncStateData = "ErrorInvalidSyncStateData";
    public const string ItemNotFound = "ErrorItemNotFound";
    public const string IrresolvableConflict = "ErrorIrresolvableConflict";
    public const string StaleObject = "ErrorStaleObject";
    public const string ChangeKeyRequired = "ErrorChangeKeyRequiredForWriteOperations";
    public const string BatchProcessingStopped = "ErrorBatchProcessingStopped";
    public const string FolderExists = "ErrorFolderExists";
    public const string FolderNotFound = "ErrorFolderNotFound";
    public const string SyncFolderNotFound = "ErrorSyncFolderNotFound";
    public const string Http = "HttpError";
    public const string Transport = "TransportError";
    public const string BadResponse = "InvalidResponse";
}
