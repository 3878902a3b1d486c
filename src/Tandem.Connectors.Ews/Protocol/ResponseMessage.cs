using System.Globalization;
using System.Xml.Linq;

namespace Tandem.Connectors.Ews.Protocol;

/// <summary>One m:*ResponseMessage: EWS answers each input item with one, in request order.</summary>
internal sealed record ResponseMessage(string ResponseClass, string ResponseCode, string? MessageText, XElement Element)
{
    public bool IsSuccess => ResponseClass != "Error";

    public bool IsServerBusy => ResponseCode == EwsCodes.ServerBusy;

    /// <summary>Exchange's requested pause (MessageXml/Value Name="BackOffMilliseconds"), if it gave one.</summary>
    public TimeSpan? BackOff => ReadBackOff(Element.Element(Ns.M + "MessageXml"));

    public static ResponseMessage Parse(XElement element) => new(
        (string?)element.Attribute("ResponseClass") ?? "Error",
        element.Element(Ns.M + "ResponseCode")?.Value ?? EwsCodes.NoError,
        element.Element(Ns.M + "MessageText")?.Value,
        element);

    internal static TimeSpan? ReadBackOff(XElement? messageXml)
    {
        var value = messageXml?.Elements().FirstOrDefault(e => e.Name.LocalName == "Value" && (string?)e.Attribute("Name") == "BackOffMilliseconds");
        return value is not null && long.TryParse(value.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms >= 0
            ? TimeSpan.FromMilliseconds(ms)
            : null;
    }
}
