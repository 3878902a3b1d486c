namespace Tandem.Connectors.Ews.Autodiscover;

/// <summary>
/// What Autodiscover found for one address. <see cref="PublicFolderInformation"/> and
/// <see cref="InternalRpcClientServer"/> route public-folder hierarchy requests (SOAP only);
/// <see cref="SmtpAddress"/> is the address the server answered for (POX AutoDiscoverSMTPAddress);
/// <see cref="GroupingInformation"/> groups mailboxes served together, for streaming affinity (SOAP only).
/// </summary>
public sealed record AutodiscoverResult(
    Uri EwsUrl,
    string Method,
    Uri Endpoint,
    string? SmtpAddress = null,
    string? PublicFolderInformation = null,
    string? InternalRpcClientServer = null,
    string? GroupingInformation = null);

/// <summary>One step of the redirect chain Autodiscover may answer with.</summary>
internal abstract record AutodiscoverAnswer
{
    public sealed record Found(AutodiscoverResult Result) : AutodiscoverAnswer;

    public sealed record RedirectAddress(string Email) : AutodiscoverAnswer;

    public sealed record RedirectUrl(Uri Url) : AutodiscoverAnswer;

    /// <summary>This endpoint did not help (network error, 401, 404, server error): try the next one.</summary>
    public sealed record Failed(string Why) : AutodiscoverAnswer;
}
