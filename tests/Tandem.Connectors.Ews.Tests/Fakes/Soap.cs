namespace Tandem.Connectors.Ews.Tests.Fakes;

/// <summary>Canned EWS response envelopes for fake servers.</summary>
internal static class Soap
{
    public static string Envelope(string body) =>
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>" + body + "</s:Body></s:Envelope>";

    public static string Response(string operation, params string[] messages) => Envelope(
        $"<m:{operation}Response xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\" xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\"><m:ResponseMessages>"
        + string.Concat(messages) + $"</m:ResponseMessages></m:{operation}Response>");

    public static string Success(string operation, string inner = "") =>
        $"<m:{operation}ResponseMessage ResponseClass=\"Success\"><m:ResponseCode>NoError</m:ResponseCode>{inner}</m:{operation}ResponseMessage>";

    public static string Error(string operation, string code, int? backOffMs = null, string inner = "") =>
        $"<m:{operation}ResponseMessage ResponseClass=\"Error\"><m:MessageText>{code}</m:MessageText><m:ResponseCode>{code}</m:ResponseCode>"
        + (backOffMs is { } ms ? $"<m:MessageXml><t:Value Name=\"BackOffMilliseconds\">{ms}</t:Value></m:MessageXml>" : "")
        + inner + $"</m:{operation}ResponseMessage>";

    public static string BusyFault(int backOffMs) => Envelope(
        "<s:Fault><faultcode xmlns:a=\"http://schemas.microsoft.com/exchange/services/2006/types\">a:ErrorServerBusy</faultcode>"
        + "<faultstring xml:lang=\"en-US\">The server cannot service this request right now. Try again later.</faultstring><detail>"
        + "<e:ResponseCode xmlns:e=\"http://schemas.microsoft.com/exchange/services/2006/errors\">ErrorServerBusy</e:ResponseCode>"
        + "<e:Message xmlns:e=\"http://schemas.microsoft.com/exchange/services/2006/errors\">busy</e:Message>"
        + $"<t:MessageXml xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\"><t:Value Name=\"BackOffMilliseconds\">{backOffMs}</t:Value></t:MessageXml>"
        + "</detail></s:Fault>");
}
