using System.Xml.Linq;
using Tandem.Connectors.Ews.Protocol;

namespace Tandem.Connectors.Ews.Autodiscover;

/// <summary>POX Autodiscover (autodiscover.xml): the request and the reading of its answer (pure).</summary>
internal static class PoxAutodiscover
{
    public static XDocument Request(string email) => new(
        new XElement(Ns.PoxRequest + "Autodiscover",
            new XElement(Ns.PoxRequest + "Request",
                new XElement(Ns.PoxRequest + "EMailAddress", email),
                new XElement(Ns.PoxRequest + "AcceptableResponseSchema", Ns.PoxResponse.NamespaceName))));

    public static AutodiscoverAnswer Read(XDocument doc, Uri endpoint)
    {
        var response = doc.Root?.Element(Ns.PoxResponse + "Response") ?? doc.Root?.Element(Ns.PoxResponseOuter + "Response");
        if (response is null) return new AutodiscoverAnswer.Failed("POX answer has no Response");
        var error = response.Descendants().FirstOrDefault(e => e.Name.LocalName == "ErrorCode");
        var account = response.Element(Ns.PoxResponse + "Account");
        if (account is null)
        {
            return new AutodiscoverAnswer.Failed("POX error " + (error?.Value ?? "without account"));
        }
        var action = account.Element(Ns.PoxResponse + "Action")?.Value;
        switch (action)
        {
            case "redirectAddr" when account.Element(Ns.PoxResponse + "RedirectAddr")?.Value is { Length: > 0 } address:
                return new AutodiscoverAnswer.RedirectAddress(address.Trim());
            case "redirectUrl" when Uri.TryCreate(account.Element(Ns.PoxResponse + "RedirectUrl")?.Value?.Trim(), UriKind.Absolute, out var url):
                return new AutodiscoverAnswer.RedirectUrl(url);
        }
        var protocols = account.Elements(Ns.PoxResponse + "Protocol").ToArray();
        string? ews = null;
        // EXPR is the outside view (what a service outside the LAN reaches); EXCH the internal one.
        foreach (var type in new[] { "EXPR", "EXCH", "WEB" })
        {
            ews ??= protocols.FirstOrDefault(p => p.Element(Ns.PoxResponse + "Type")?.Value == type)?.Element(Ns.PoxResponse + "EwsUrl")?.Value;
        }
        ews ??= protocols.Select(p => p.Element(Ns.PoxResponse + "EwsUrl")?.Value).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        if (ews is null || !Uri.TryCreate(ews.Trim(), UriKind.Absolute, out var ewsUrl))
        {
            return new AutodiscoverAnswer.Failed("POX answer names no EwsUrl");
        }
        var smtp = response.Element(Ns.PoxResponse + "User")?.Element(Ns.PoxResponse + "AutoDiscoverSMTPAddress")?.Value;
        return new AutodiscoverAnswer.Found(new AutodiscoverResult(ewsUrl, "pox", endpoint, smtp));
    }
}
