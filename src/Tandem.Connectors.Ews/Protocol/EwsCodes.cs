namespace Tandem.Connectors.Ews.Protocol;

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
