using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Tandem.Lab.Hosting;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Autodiscover;

/// <summary>
/// Autodiscover as Exchange serves it: POX (/autodiscover/autodiscover.xml, authenticated), SOAP GetUserSettings
/// (/autodiscover/autodiscover.svc, authenticated) and v2 JSON (/autodiscover/autodiscover.json/v1.0/{email}, anonymous).
/// Every lab user's EWS URL is the /EWS/Exchange.asmx of the first front end that is up, whichever front end answers.
/// </summary>
internal static class AutodiscoverEndpoints
{
    public static string EwsUrl(HttpContext http, LabContext lab) =>
        lab.FrontEnds.FirstLiveEwsUrl(lab.Faults)?.ToString() ?? $"{http.Request.Scheme}://{http.Request.Host}/EWS/Exchange.asmx";

    private static bool IsDown(HttpContext http, LabContext lab) => lab.Faults.IsDown(lab.FrontEnds.Of(http));

    public static async Task PoxAsync(HttpContext http, LabContext lab)
    {
        if (IsDown(http, lab))
        {
            http.Abort();
            return;
        }

        if (HttpMethods.IsGet(http.Request.Method))
        {
            // The Managed API probes with GET for the X-*-Enabled headers; Exchange answers 401 with them.
            http.Response.Headers["X-SOAP-Enabled"] = "True";
            http.Response.Headers["X-WSSecurity-Enabled"] = "True";
            http.Response.Headers["X-OAuth-Enabled"] = "False";
            await BasicAuth.ChallengeAsync(http).ConfigureAwait(false);
            return;
        }

        if (BasicAuth.Authenticate(http, lab.Store) is null)
        {
            await BasicAuth.ChallengeAsync(http).ConfigureAwait(false);
            return;
        }

        var body = await ReadAsync(http).ConfigureAwait(false);
        string? email = null;
        try
        {
            email = XDocument.Parse(body).Descendants(Ns.PoxRequest + "EMailAddress").FirstOrDefault()?.Value.Trim();
        }
        catch (XmlException)
        {
        }

        Mailbox? mailbox = null;
        if (email is not null)
        {
            mailbox = lab.Store.FindMailbox(email);
        }

        XElement response;
        if (mailbox is null)
        {
            response = new XElement(Ns.PoxResponse + "Response",
                new XElement(Ns.PoxResponse + "Error",
                    new XAttribute("Time", lab.Options.Time.GetUtcNow().ToString("HH:mm:ss.fffffff", System.Globalization.CultureInfo.InvariantCulture)),
                    new XAttribute("Id", "2477272013"),
                    new XElement(Ns.PoxResponse + "ErrorCode", 500),
                    new XElement(Ns.PoxResponse + "Message", "The email address can't be found."),
                    new XElement(Ns.PoxResponse + "DebugData")));
        }
        else
        {
            var o = Ns.PoxOutlook;
            var ews = EwsUrl(http, lab);
            response = new XElement(o + "Response",
                new XElement(o + "User",
                    new XElement(o + "DisplayName", mailbox.DisplayName),
                    new XElement(o + "LegacyDN", "/o=Lab/ou=Exchange Administrative Group/cn=Recipients/cn=" + mailbox.Address.Split('@')[0]),
                    new XElement(o + "AutoDiscoverSMTPAddress", mailbox.Address),
                    new XElement(o + "DeploymentId", "6c61622e-7465-7374-0000-000000000001")),
                new XElement(o + "Account",
                    new XElement(o + "AccountType", "email"),
                    new XElement(o + "Action", "settings"),
                    new XElement(o + "MicrosoftOnline", "False"),
                    new XElement(o + "Protocol",
                        new XElement(o + "Type", "EXCH"),
                        new XElement(o + "Server", http.Request.Host.Host),
                        new XElement(o + "ASUrl", ews),
                        new XElement(o + "EwsUrl", ews),
                        new XElement(o + "EmwsUrl", ews),
                        new XElement(o + "OOFUrl", ews)),
                    new XElement(o + "Protocol",
                        new XElement(o + "Type", "EXPR"),
                        new XElement(o + "Server", http.Request.Host.Host),
                        new XElement(o + "ASUrl", ews),
                        new XElement(o + "EwsUrl", ews),
                        new XElement(o + "OOFUrl", ews))));
        }

        var document = new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement(Ns.PoxResponse + "Autodiscover", response));
        await WriteAsync(http, lab, "autodiscover.xml", body, document).ConfigureAwait(false);
    }

    public static async Task SoapAsync(HttpContext http, LabContext lab)
    {
        if (IsDown(http, lab))
        {
            http.Abort();
            return;
        }

        if (BasicAuth.Authenticate(http, lab.Store) is null)
        {
            await BasicAuth.ChallengeAsync(http).ConfigureAwait(false);
            return;
        }

        var body = await ReadAsync(http).ConfigureAwait(false);
        var a = Ns.Autodiscover;
        XDocument request;
        try
        {
            request = XDocument.Parse(body);
        }
        catch (XmlException)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var users = request.Descendants(a + "Mailbox").Select(m => m.Value.Trim()).ToList();
        var settings = request.Descendants(a + "Setting").Select(s => s.Value.Trim()).ToList();
        var userResponses = new List<XElement>();
        foreach (var address in users)
        {
            var mailbox = lab.Store.FindMailbox(address);

            if (mailbox is null)
            {
                userResponses.Add(new XElement(a + "UserResponse",
                    new XElement(a + "ErrorCode", "InvalidUser"),
                    new XElement(a + "ErrorMessage", $"Invalid user: '{address}'"),
                    new XElement(a + "RedirectTarget", new XAttribute(Ns.Xsi + "nil", "true")),
                    new XElement(a + "UserSettingErrors"),
                    new XElement(a + "UserSettings")));
                continue;
            }

            var values = UserSettings(http, lab, mailbox);
            userResponses.Add(new XElement(a + "UserResponse",
                new XElement(a + "ErrorCode", "NoError"),
                new XElement(a + "ErrorMessage", "No error."),
                new XElement(a + "RedirectTarget", new XAttribute(Ns.Xsi + "nil", "true")),
                new XElement(a + "UserSettingErrors", settings.Where(s => !values.ContainsKey(s)).Select(s => new XElement(a + "UserSettingError",
                    new XElement(a + "ErrorCode", "SettingIsNotAvailable"),
                    new XElement(a + "ErrorMessage", $"User setting '{s}' is not available."),
                    new XElement(a + "SettingName", s)))),
                new XElement(a + "UserSettings", settings.Where(values.ContainsKey).Select(s => new XElement(a + "UserSetting",
                    new XAttribute(Ns.Xsi + "type", "a:StringSetting"),
                    new XElement(a + "Name", s),
                    new XElement(a + "Value", values[s]))))));
        }

        var document = new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement(Ns.Soap + "Envelope",
                new XAttribute(XNamespace.Xmlns + "s", Ns.Soap),
                new XAttribute(XNamespace.Xmlns + "a", a),
                new XAttribute(XNamespace.Xmlns + "i", Ns.Xsi),
                new XElement(Ns.Soap + "Header",
                    new XElement(a + "Action", new XAttribute(Ns.Soap + "mustUnderstand", "1"), "http://schemas.microsoft.com/exchange/2010/Autodiscover/Autodiscover/GetUserSettingsResponse"),
                    new XElement(a + "ServerVersionInfo",
                        new XElement(a + "MajorVersion", 15),
                        new XElement(a + "MinorVersion", 2),
                        new XElement(a + "MajorBuildNumber", 1544),
                        new XElement(a + "MinorBuildNumber", 4),
                        new XElement(a + "Version", "Exchange2015"))),
                new XElement(Ns.Soap + "Body",
                    new XElement(a + "GetUserSettingsResponseMessage",
                        new XElement(a + "Response",
                            new XElement(a + "ErrorCode", "NoError"),
                            new XElement(a + "ErrorMessage"),
                            new XElement(a + "UserResponses", userResponses))))));
        await WriteAsync(http, lab, "autodiscover.svc", body, document).ConfigureAwait(false);
    }

    public static async Task JsonAsync(HttpContext http, LabContext lab, string email)
    {
        if (IsDown(http, lab))
        {
            http.Abort();
            return;
        }

        var protocol = http.Request.Query["Protocol"].ToString();
        http.Response.ContentType = "application/json; charset=utf-8";
        object payload;
        if (string.IsNullOrEmpty(protocol))
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            payload = new { ErrorCode = "MandatoryParameterMissing", ErrorMessage = "A valid value must be provided for the query parameter 'Protocol'." };
        }
        else if (!protocol.Equals("EWS", StringComparison.OrdinalIgnoreCase))
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            payload = new { ErrorCode = "ProtocolNotSupported", ErrorMessage = $"The given protocol value '{protocol}' is invalid. Supported values are 'EWS'." };
        }
        else
        {
            payload = new { Protocol = "EWS", Url = EwsUrl(http, lab) };
        }

        var text = JsonSerializer.Serialize(payload);
        await http.Response.WriteAsync(text, http.RequestAborted).ConfigureAwait(false);
        lab.Options.OnExchange?.Invoke(new LabExchange(http.Request.Path, "autodiscover.json", email, text, http.Response.StatusCode));
    }

    private static Dictionary<string, string> UserSettings(HttpContext http, LabContext lab, Mailbox mailbox)
    {
        var ews = EwsUrl(http, lab);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["UserDisplayName"] = mailbox.DisplayName,
            ["UserDN"] = "/o=Lab/ou=Exchange Administrative Group/cn=Recipients/cn=" + mailbox.Address.Split('@')[0],
            ["AutoDiscoverSMTPAddress"] = mailbox.Address,
            ["InternalEwsUrl"] = ews,
            ["ExternalEwsUrl"] = ews,
            ["EwsSupportedSchemas"] = "Exchange2007, Exchange2007_SP1, Exchange2010, Exchange2010_SP1, Exchange2010_SP2, Exchange2013, Exchange2013_SP1, Exchange2016",
            ["CasVersion"] = "15.02.1544.004",
            ["GroupingInformation"] = "LAB01",
            ["PublicFolderInformation"] = "PublicFolderMailbox@lab.test",
            ["InternalRpcClientServer"] = "6c61622e-7465-7374-0000-0000000000pf@lab.test",
            ["ExternalMailboxServer"] = http.Request.Host.Host,
            ["InternalMailboxServer"] = http.Request.Host.Host,
        };
    }

    private static async Task<string> ReadAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WriteAsync(HttpContext http, LabContext lab, string operation, string request, XDocument document)
    {
        var text = EwsEndpoint.Serialize(document);
        http.Response.ContentType = "text/xml; charset=utf-8";
        await http.Response.WriteAsync(text, http.RequestAborted).ConfigureAwait(false);
        lab.Options.OnExchange?.Invoke(new LabExchange(http.Request.Path, operation, request, text, http.Response.StatusCode));
    }
}
