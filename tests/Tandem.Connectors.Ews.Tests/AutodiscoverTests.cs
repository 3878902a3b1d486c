using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Connectors.Ews.Autodiscover;
using Tandem.Connectors.Ews.Protocol;
using Tandem.Connectors.Ews.Tests.Fakes;

namespace Tandem.Connectors.Ews.Tests;

/// <summary>Autodiscover order, redirects and limits against a fake network of hosts.</summary>
public sealed class AutodiscoverTests
{
    private static string Pox(string inner) =>
        "<Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006\">"
        + "<Response xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a\">" + inner + "</Response></Autodiscover>";

    private static string PoxSettings(string ewsUrl, string smtp = "alice@a.test") => Pox(
        $"<User><DisplayName>Alice</DisplayName><AutoDiscoverSMTPAddress>{smtp}</AutoDiscoverSMTPAddress></User>"
        + $"<Account><AccountType>email</AccountType><Action>settings</Action><Protocol><Type>EXCH</Type><EwsUrl>{ewsUrl}</EwsUrl></Protocol></Account>");

    private static string PoxRedirectAddr(string address) => Pox($"<Account><Action>redirectAddr</Action><RedirectAddr>{address}</RedirectAddr></Account>");

    private static string PoxRedirectUrl(string url) => Pox($"<Account><Action>redirectUrl</Action><RedirectUrl>{url}</RedirectUrl></Account>");

    private static string SoapUser(string code, string? target = null, string settings = "") =>
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
        + "<GetUserSettingsResponseMessage xmlns=\"http://schemas.microsoft.com/exchange/2010/Autodiscover\"><Response><ErrorCode>NoError</ErrorCode>"
        + $"<UserResponses><UserResponse><ErrorCode>{code}</ErrorCode><RedirectTarget>{target}</RedirectTarget><UserSettings>{settings}</UserSettings></UserResponse></UserResponses>"
        + "</Response></GetUserSettingsResponseMessage></s:Body></s:Envelope>";

    private static string Setting(string name, string value) =>
        $"<UserSetting xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\" i:type=\"StringSetting\"><Name>{name}</Name><Value>{value}</Value></UserSetting>";

    private static AutodiscoverClient Client(FakeHttp http, ISrvResolver? srv = null, Uri? baseOverride = null) =>
        new(new HttpClient(http), NoAuth.Instance, baseOverride, srv ?? new FixedSrv([]), NullLogger.Instance);

    private static CancellationToken Ct => new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token;

    [Fact]
    public async Task Discover_DomainAnswersPox_TriesSoapFirstThenPox()
    {
        var http = new FakeHttp((req, _) => req.RequestUri!.AbsoluteUri switch
        {
            "https://a.test/autodiscover/autodiscover.xml" => FakeHttp.Xml(PoxSettings("https://mail.a.test/EWS/Exchange.asmx")),
            _ => FakeHttp.NotFound(),
        });
        var result = await Client(http).DiscoverAsync("alice@a.test", Ct);
        Assert.Equal("https://mail.a.test/EWS/Exchange.asmx", result.EwsUrl.AbsoluteUri);
        Assert.Equal("pox", result.Method);
        Assert.Equal(["https://a.test/autodiscover/autodiscover.svc", "https://a.test/autodiscover/autodiscover.xml"], http.Seen.Select(s => s.Uri.AbsoluteUri));
    }

    [Fact]
    public async Task Discover_SoapAnswers_ReadsEwsUrlAndPublicFolderRouting()
    {
        var http = new FakeHttp((req, body) => req.RequestUri!.AbsoluteUri == "https://autodiscover.a.test/autodiscover/autodiscover.svc"
            ? FakeHttp.Xml(SoapUser("NoError", null, Setting("ExternalEwsUrl", "https://ews.a.test/EWS/Exchange.asmx")
                + Setting("PublicFolderInformation", "SharedPublicFolder@a.test") + Setting("InternalRpcClientServer", "1ec2@a.test")))
            : FakeHttp.Unreachable());
        var result = await Client(http).DiscoverAsync("alice@a.test", Ct);
        Assert.Equal("soap", result.Method);
        Assert.Equal("https://ews.a.test/EWS/Exchange.asmx", result.EwsUrl.AbsoluteUri);
        Assert.Equal("SharedPublicFolder@a.test", result.PublicFolderInformation);
        Assert.Equal("1ec2@a.test", result.InternalRpcClientServer);
        var soap = http.Seen.Single(s => s.Uri.AbsoluteUri.EndsWith(".svc", StringComparison.Ordinal) && s.Uri.Host == "autodiscover.a.test").Body;
        Assert.Contains("<a:Mailbox>alice@a.test</a:Mailbox>", soap, StringComparison.Ordinal);
        Assert.Contains("http://schemas.microsoft.com/exchange/2010/Autodiscover", soap, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discover_RedirectAddrThenSoapRedirectAddress_FollowsToFinalDomain()
    {
        var http = new FakeHttp((req, body) => (req.RequestUri!.Host, req.RequestUri.AbsolutePath) switch
        {
            ("a.test", "/autodiscover/autodiscover.xml") => FakeHttp.Xml(PoxRedirectAddr("alice@b.test")),
            ("b.test", "/autodiscover/autodiscover.svc") => FakeHttp.Xml(SoapUser("RedirectAddress", "alice@c.test")),
            ("c.test", "/autodiscover/autodiscover.xml") => FakeHttp.Xml(PoxSettings("https://mail.c.test/EWS/Exchange.asmx", "alice@c.test")),
            _ => FakeHttp.NotFound(),
        });
        var result = await Client(http).DiscoverAsync("alice@a.test", Ct);
        Assert.Equal("https://mail.c.test/EWS/Exchange.asmx", result.EwsUrl.AbsoluteUri);
        Assert.Equal("alice@c.test", result.SmtpAddress);
        Assert.Contains(http.Seen, s => s.Body.Contains("alice@c.test", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Discover_RedirectUrl_PostsToNamedEndpoint()
    {
        var http = new FakeHttp((req, _) => req.RequestUri!.AbsoluteUri switch
        {
            "https://a.test/autodiscover/autodiscover.xml" => FakeHttp.Xml(PoxRedirectUrl("https://hosted.example.net/autodiscover/autodiscover.xml")),
            "https://hosted.example.net/autodiscover/autodiscover.xml" => FakeHttp.Xml(PoxSettings("https://hosted.example.net/EWS/Exchange.asmx")),
            _ => FakeHttp.NotFound(),
        });
        var result = await Client(http).DiscoverAsync("alice@a.test", Ct);
        Assert.Equal("https://hosted.example.net/EWS/Exchange.asmx", result.EwsUrl.AbsoluteUri);
    }

    [Fact]
    public async Task Discover_OnlyHttpRedirectAnswers_FollowsItToHttpsEndpoint()
    {
        var http = new FakeHttp((req, _) => req.RequestUri!.AbsoluteUri switch
        {
            "http://autodiscover.a.test/autodiscover/autodiscover.xml" when req.Method == HttpMethod.Get =>
                FakeHttp.Redirect("https://autodiscover.hoster.net/autodiscover/autodiscover.xml"),
            "https://autodiscover.hoster.net/autodiscover/autodiscover.xml" => FakeHttp.Xml(PoxSettings("https://ews.hoster.net/EWS/Exchange.asmx")),
            _ => FakeHttp.Unreachable(),
        });
        var result = await Client(http).DiscoverAsync("alice@a.test", Ct);
        Assert.Equal("https://ews.hoster.net/EWS/Exchange.asmx", result.EwsUrl.AbsoluteUri);
        // The plain-HTTP step is only a GET: no credentials or body go over http.
        Assert.All(http.Seen.Where(s => s.Uri.Scheme == "http"), s => Assert.Equal(HttpMethod.Get, s.Method));
    }

    [Fact]
    public async Task Discover_RedirectToPlainHttp_IsRefused()
    {
        var http = new FakeHttp((req, _) => req.RequestUri!.AbsoluteUri switch
        {
            "https://a.test/autodiscover/autodiscover.xml" => FakeHttp.Xml(PoxRedirectUrl("http://evil.example.net/autodiscover/autodiscover.xml")),
            "http://evil.example.net/autodiscover/autodiscover.xml" => FakeHttp.Xml(PoxSettings("https://evil.example.net/EWS/Exchange.asmx")),
            _ => FakeHttp.NotFound(),
        });
        await Assert.ThrowsAsync<EwsException>(() => Client(http).DiscoverAsync("alice@a.test", Ct));
        Assert.DoesNotContain(http.Seen, s => s.Uri.Host == "evil.example.net" && s.Method == HttpMethod.Post);
    }

    [Fact]
    public async Task Discover_EndlessAddressRedirects_StopsAfterTenRedirects()
    {
        var http = new FakeHttp((req, body) =>
        {
            var n = int.Parse(req.RequestUri!.Host.Split('.')[0][1..], System.Globalization.CultureInfo.InvariantCulture);
            return req.RequestUri.AbsolutePath.EndsWith(".xml", StringComparison.Ordinal) && req.Method == HttpMethod.Post
                ? FakeHttp.Xml(PoxRedirectAddr($"u@d{n + 1}.test"))
                : FakeHttp.NotFound();
        });
        var error = await Assert.ThrowsAsync<EwsException>(() => Client(http).DiscoverAsync("u@d0.test", Ct));
        Assert.Equal("AutodiscoverFailed", error.ResponseCode);
        var domains = http.Seen.Select(s => s.Uri.Host.Replace("autodiscover.", "", StringComparison.Ordinal)).Distinct().Count();
        Assert.Equal(AutodiscoverClient.MaxRedirects + 1, domains);
    }

    [Fact]
    public async Task Discover_OnlySrvRecordAnswers_UsesSrvTarget()
    {
        var http = new FakeHttp((req, _) => req.RequestUri!.AbsoluteUri == "https://mail.hoster.net/autodiscover/autodiscover.svc"
            ? FakeHttp.Xml(SoapUser("NoError", null, Setting("InternalEwsUrl", "https://mail.hoster.net/EWS/Exchange.asmx")))
            : FakeHttp.Unreachable());
        var srv = new FixedSrv([new SrvRecord("mail.other.net", 8080, 0, 0), new SrvRecord("mail.hoster.net.", 443, 10, 5)]);
        var result = await Client(http, srv).DiscoverAsync("alice@a.test", Ct);
        Assert.Equal("https://mail.hoster.net/EWS/Exchange.asmx", result.EwsUrl.AbsoluteUri);
        Assert.Equal("_autodiscover._tcp.a.test", Assert.Single(srv.Asked));
        Assert.DoesNotContain(http.Seen, s => s.Uri.Host == "mail.other.net");
    }

    [Fact]
    public async Task Discover_BaseOverride_SendsEveryCandidateToThatBase()
    {
        var http = new FakeHttp((req, _) => req.RequestUri!.AbsolutePath.Contains("autodiscover.json", StringComparison.Ordinal)
            ? FakeHttp.Json("{\"Protocol\":\"EWS\",\"Url\":\"http://127.0.0.1:5080/EWS/Exchange.asmx\"}")
            : FakeHttp.NotFound());
        var result = await Client(http, baseOverride: new Uri("http://127.0.0.1:5080")).DiscoverAsync("alice@lab.test", Ct);
        Assert.Equal("v2", result.Method);
        Assert.All(http.Seen, s => Assert.Equal("127.0.0.1:5080", s.Uri.Authority));
        Assert.Contains(http.Seen, s => s.Uri.PathAndQuery == "/autodiscover/autodiscover.json/v1.0/alice%40lab.test?Protocol=EWS");
    }

    [Theory]
    [InlineData("{\"Protocol\":\"EWS\",\"Url\":\"https://x.test/EWS/Exchange.asmx\"}", true)]
    [InlineData("{\"protocol\":\"Ews\",\"url\":\"https://x.test/EWS/Exchange.asmx\"}", true)]
    [InlineData("{\"ErrorCode\":\"ProtocolNotSupported\",\"ErrorMessage\":\"no\"}", false)]
    [InlineData("not json", false)]
    [InlineData("[1,2]", false)]
    public void ReadV2_Answers_FoundOnlyWithUrl(string json, bool found)
    {
        var answer = AutodiscoverV2.Read(json, new Uri("https://x.test/"));
        Assert.Equal(found, answer is AutodiscoverAnswer.Found);
    }

    private sealed class FixedSrv(IReadOnlyList<SrvRecord> records) : ISrvResolver
    {
        public List<string> Asked { get; } = [];

        public Task<IReadOnlyList<SrvRecord>> ResolveAsync(string name, CancellationToken cancellationToken)
        {
            Asked.Add(name);
            return Task.FromResult(records);
        }
    }
}
