using Tandem.Connectors.Ews.Protocol;

namespace Tandem.Connectors.Ews;

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
