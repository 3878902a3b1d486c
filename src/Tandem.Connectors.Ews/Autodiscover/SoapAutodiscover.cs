using System.Xml.Linq;
using Tandem.Connectors.Ews.Protocol;

namespace Tandem.Connectors.Ews.Autodiscover;

/// <summary>SOAP Autodiscover GetUserSettings (autodiscover.svc): request and answer (pure).</summary>
internal static class SoapAutodiscover
{
    public static readonly string[] Settings =
        ["ExternalEwsUrl", "InternalEwsUrl", "PublicFolderInformation", "InternalRpcClientServer", "GroupingInformation", "EwsSupportedSchemas"];

    public static XDocument Request(string email, Uri endpoint)
    {
        XNamespace a = Ns.AutodiscoverSoap;
        return new XDocument(new XElement(Ns.Soap + "Envelope",
            new XAttribute(XNamespace.Xmlns + "a", a),
            new XAttribute(XNamespace.Xmlns + "wsa", Ns.Addressing),
            new XAttribute(XNamespace.Xmlns + "xsi", Ns.Xsi),
            new XAttribute(XNamespace.Xmlns + "soap", Ns.Soap),
            new XElement(Ns.Soap + "Header",
                new XElement(a + "RequestedServerVersion", "Exchange2013"),
                new XElement(Ns.Addressing + "Action", "http://schemas.microsoft.com/exchange/2010/Autodiscover/Autodiscover/GetUserSettings"),
                new XElement(Ns.Addressing + "To", endpoint.ToString())),
            new XElement(Ns.Soap + "Body",
                new XElement(a + "GetUserSettingsRequestMessage",
                    new XElement(a + "Request",
                        new XElement(a + "Users", new XElement(a + "User", new XElement(a + "Mailbox", email))),
                        new XElement(a + "RequestedSettings", Settings.Select(s => new XElement(a + "Setting", s))))))));
    }

    public static AutodiscoverAnswer Read(XDocument doc, Uri endpoint)
    {
        XNamespace a = Ns.AutodiscoverSoap;
        var response = doc.Descendants(a + "Response").FirstOrDefault();
        if (response is null) return new AutodiscoverAnswer.Failed("SOAP autodiscover answer has no Response");
        var requestError = response.Element(a + "ErrorCode")?.Value;
        if (requestError is not (null or "NoError")) return new AutodiscoverAnswer.Failed("SOAP autodiscover error " + requestError);
        var user = response.Element(a + "UserResponses")?.Element(a + "UserResponse");
        if (user is null) return new AutodiscoverAnswer.Failed("SOAP autodiscover answer has no UserResponse");
        var code = user.Element(a + "ErrorCode")?.Value ?? "NoError";
        var target = user.Element(a + "RedirectTarget")?.Value?.Trim();
        switch (code)
        {
            case "RedirectAddress" when !string.IsNullOrEmpty(target):
                return new AutodiscoverAnswer.RedirectAddress(target);
            case "RedirectUrl" when Uri.TryCreate(target, UriKind.Absolute, out var url):
                return new AutodiscoverAnswer.RedirectUrl(url);
            case not "NoError":
                return new AutodiscoverAnswer.Failed("SOAP autodiscover user error " + code);
        }
        var settings = user.Element(a + "UserSettings")?.Elements(a + "UserSetting")
            .Select(s => (Name: s.Element(a + "Name")?.Value, Value: s.Element(a + "Value")?.Value))
            .Where(s => s.Name is not null && !string.IsNullOrEmpty(s.Value))
            .ToDictionary(s => s.Name!, s => s.Value!, StringComparer.Ordinal) ?? [];
        var ews = settings.GetValueOrDefault("ExternalEwsUrl") ?? settings.GetValueOrDefault("InternalEwsUrl");
        if (ews is null || !Uri.TryCreate(ews, UriKind.Absolute, out var ewsUrl))
        {
            return new AutodiscoverAnswer.Failed("SOAP autodiscover answer names no EWS URL");
        }
        return new AutodiscoverAnswer.Found(new AutodiscoverResult(ewsUrl, "soap", endpoint, null,
            settings.GetValueOrDefault("PublicFolderInformation"), settings.GetValueOrDefault("InternalRpcClientServer"),
            settings.GetValueOrDefault("GroupingInformation")));
    }
}
