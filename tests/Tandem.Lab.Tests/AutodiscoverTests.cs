using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace Tandem.Lab.Tests;

public sealed class AutodiscoverTests
{
    private static readonly XNamespace Outlook = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";
    private static readonly XNamespace A = "http://schemas.microsoft.com/exchange/2010/Autodiscover";

    [Fact]
    public async Task Pox_KnownUser_ReturnsEwsUrlOfTheLab()
    {
        await using var lab = await LabHarness.StartAsync("empty");
        var response = await PostAsync(lab, "autodiscover/autodiscover.xml", """
            <Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006">
              <Request><EMailAddress>carol@lab.test</EMailAddress><AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema></Request>
            </Autodiscover>
            """, "carol@lab.test");
        var doc = XDocument.Parse(response);
        Assert.Equal("carol@lab.test", doc.Descendants(Outlook + "AutoDiscoverSMTPAddress").Single().Value);
        Assert.Equal("settings", doc.Descendants(Outlook + "Action").Single().Value);
        Assert.Contains(doc.Descendants(Outlook + "EwsUrl"), e => e.Value == lab.Ews.ToString());
    }

    [Fact]
    public async Task Pox_WithoutCredentials_Is401()
    {
        await using var lab = await LabHarness.StartAsync("empty");
        using var response = await lab.Http.PostAsync(new Uri(lab.Server.BaseUrl, "autodiscover/autodiscover.xml"), new StringContent("<x/>"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Basic", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Soap_GetUserSettings_ReturnsRequestedSettingsAndErrorsForUnknown()
    {
        await using var lab = await LabHarness.StartAsync("empty");
        var response = await PostAsync(lab, "autodiscover/autodiscover.svc", """
            <soap:Envelope xmlns:a="http://schemas.microsoft.com/exchange/2010/Autodiscover" xmlns:wsa="http://www.w3.org/2005/08/addressing" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
              <soap:Header><a:RequestedServerVersion>Exchange2013</a:RequestedServerVersion><wsa:Action>http://schemas.microsoft.com/exchange/2010/Autodiscover/Autodiscover/GetUserSettings</wsa:Action></soap:Header>
              <soap:Body><a:GetUserSettingsRequestMessage><a:Request>
                <a:Users><a:User><a:Mailbox>bob@lab.test</a:Mailbox></a:User><a:User><a:Mailbox>zed@lab.test</a:Mailbox></a:User></a:Users>
                <a:RequestedSettings><a:Setting>ExternalEwsUrl</a:Setting><a:Setting>PublicFolderInformation</a:Setting><a:Setting>NoSuchSetting</a:Setting></a:RequestedSettings>
              </a:Request></a:GetUserSettingsRequestMessage></soap:Body>
            </soap:Envelope>
            """, "bob@lab.test");
        var users = XDocument.Parse(response).Descendants(A + "UserResponse").ToList();
        Assert.Equal(["NoError", "InvalidUser"], users.Select(u => u.Element(A + "ErrorCode")!.Value));
        var settings = users[0].Descendants(A + "UserSetting").ToDictionary(s => s.Element(A + "Name")!.Value, s => s.Element(A + "Value")!.Value);
        Assert.Equal(lab.Ews.ToString(), settings["ExternalEwsUrl"]);
        Assert.True(settings.ContainsKey("PublicFolderInformation"));
        Assert.Equal("NoSuchSetting", users[0].Descendants(A + "SettingName").Single().Value);
    }

    [Fact]
    public async Task JsonV2_ReturnsEwsUrlAndErrorsForMissingOrWrongProtocol()
    {
        await using var lab = await LabHarness.StartAsync("empty");
        var ok = JsonDocument.Parse(await lab.Http.GetStringAsync(new Uri(lab.Server.BaseUrl, "autodiscover/autodiscover.json/v1.0/alice@lab.test?Protocol=EWS"))).RootElement;
        Assert.Equal("EWS", ok.GetProperty("Protocol").GetString());
        Assert.Equal(lab.Ews.ToString(), ok.GetProperty("Url").GetString());

        using var missing = await lab.Http.GetAsync(new Uri(lab.Server.BaseUrl, "autodiscover/autodiscover.json/v1.0/alice@lab.test"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("MandatoryParameterMissing", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var wrong = await lab.Http.GetAsync(new Uri(lab.Server.BaseUrl, "autodiscover/autodiscover.json/v1.0/alice@lab.test?Protocol=ActiveSync"));
        Assert.Contains("ProtocolNotSupported", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<string> PostAsync(LabHarness lab, string path, string body, string user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(lab.Server.BaseUrl, path)) { Content = new StringContent(body, Encoding.UTF8, "text/xml") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":lab")));
        using var response = await lab.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
