namespace Tandem.Service.Attendant;

/// <summary>
/// The errors after which Microsoft's guidance says to run Autodiscover again (how-to-refresh-configuration-information-
/// by-using-autodiscover; handling-notification-related-errors): DNS and network failures, HTTP 503, and the EWS codes
/// that say the mailbox is now served elsewhere or its store is unavailable. Anything else (a wrong password, a missing
/// folder, a malformed item) is not cured by another server and is left to the administrator.
/// </summary>
public static class FailoverErrors
{
    private static readonly string[] Markers =
    [
        "ErrorConnectionFailed", "ErrorMailboxMoveInProgress", "ErrorMailboxStoreUnavailable", "ErrorProxyRequestNotAllowed", "ErrorReadEventsFailed",
        "503", "Service Unavailable", "Connection refused", "connection was refused", "No such host", "Name or service not known",
        "No route to host", "Network is unreachable", "Connection reset", "An error occurred while sending the request", "timed out",
        "The response ended prematurely",
        // the EWS connector's own health codes for a failing transport
        "TransportError", "Http503", "HeartbeatMissed",
    ];

    public static bool CallsForAutodiscover(string error) =>
        !string.IsNullOrEmpty(error) && Markers.Any(m => error.Contains(m, StringComparison.OrdinalIgnoreCase));
}
