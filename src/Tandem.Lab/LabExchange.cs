namespace Tandem.Lab;

/// <summary>
/// One request and what the lab answered, reported through <see cref="LabOptions.OnExchange"/> so tests can validate every
/// body. A GetStreamingEvents connection reports one exchange per envelope written.
/// </summary>
/// <param name="Path">Request path, e.g. /EWS/Exchange.asmx.</param>
/// <param name="Operation">EWS operation (body element name) or the Autodiscover flavour; null when unknown.</param>
/// <param name="Request">Request body as received.</param>
/// <param name="Response">Response body (or one streamed envelope).</param>
/// <param name="StatusCode">HTTP status code.</param>
public sealed record LabExchange(string Path, string? Operation, string Request, string Response, int StatusCode);
