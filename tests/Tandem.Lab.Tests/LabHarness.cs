using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Tandem.Testing.Ews;

namespace Tandem.Lab.Tests;

/// <summary>
/// A lab on a free loopback port plus a raw EWS client for tests. Every exchange the lab reports (whoever sent it:
/// these helpers or exchangelib) is kept, and <see cref="DisposeAsync"/>'s caller can assert they were all schema-valid.
/// </summary>
internal sealed class LabHarness : IAsyncDisposable
{
    public static readonly XNamespace Soap = "http://schemas.xmlsoap.org/soap/envelope/";
    public static readonly XNamespace M = "http://schemas.microsoft.com/exchange/services/2006/messages";
    public static readonly XNamespace T = "http://schemas.microsoft.com/exchange/services/2006/types";

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(3) };

    private LabHarness(LabServer server, ConcurrentQueue<LabExchange> exchanges)
    {
        Server = server;
        Exchanges = exchanges;
    }

    public LabServer Server { get; }

    public ConcurrentQueue<LabExchange> Exchanges { get; }

    public Uri Ews => Server.EwsUrl;

    public static async Task<LabHarness> StartAsync(string seed = "demo", string? dataDirectory = null, TimeSpan? heartbeat = null, TimeProvider? time = null, Func<LabOptions, LabOptions>? configure = null)
    {
        var exchanges = new ConcurrentQueue<LabExchange>();
        configure ??= o => o;
        var server = await LabServer.StartAsync(configure(new LabOptions
        {
            Urls = "http://127.0.0.1:0",
            Seed = seed,
            DataDirectory = dataDirectory,
            OnExchange = exchanges.Enqueue,
            StreamingHeartbeat = heartbeat ?? TimeSpan.FromSeconds(30),
            Time = time ?? TimeProvider.System,
        }), CancellationToken.None);
        return new LabHarness(server, exchanges);
    }

    /// <summary>Every EWS request and response the lab saw is valid against the official schemas.</summary>
    public void AssertAllExchangesValid()
    {
        var ews = Exchanges.Where(e => e.Path.Contains("EWS", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.NotEmpty(ews);
        foreach (var e in ews)
        {
            EwsSchema.AssertValid(e.Request, $"request {e.Operation}");
            EwsSchema.AssertValid(e.Response, $"response {e.Operation}");
        }
    }

    public static string Envelope(string body, string? impersonate = null, string version = "Exchange2013_SP1") =>
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages">
          <soap:Header>
            <t:RequestServerVersion Version="{version}"/>
            {(impersonate is null ? string.Empty : $"<t:ExchangeImpersonation><t:ConnectingSID><t:PrimarySmtpAddress>{impersonate}</t:PrimarySmtpAddress></t:ConnectingSID></t:ExchangeImpersonation>")}
          </soap:Header>
          <soap:Body>{body}</soap:Body>
        </soap:Envelope>
        """;

    /// <summary>Posts a raw envelope; the request and the answer are schema-validated here.</summary>
    public Task<(HttpStatusCode Status, XDocument Response, string Text)> PostRawAsync(string envelope, string user = "alice@lab.test", string password = "lab", bool validateRequest = true) =>
        PostRawAsync(envelope, Ews, null, user, password, validateRequest);

    /// <summary>Posts to a given EWS URL (a front end) with extra HTTP headers (routing, affinity).</summary>
    public async Task<(HttpStatusCode Status, XDocument Response, string Text)> PostRawAsync(string envelope, Uri ews, IReadOnlyDictionary<string, string>? headers,
        string user = "alice@lab.test", string password = "lab", bool validateRequest = true)
    {
        if (validateRequest)
        {
            EwsSchema.AssertValid(envelope, "test request");
        }

        using var request = Request(envelope, ews, user, password, headers);
        using var response = await _http.SendAsync(request);
        LastResponseHeaders = response.Headers;
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.InternalServerError)
        {
            EwsSchema.AssertValid(text, "lab response");
            return (response.StatusCode, XDocument.Parse(text), text);
        }

        return (response.StatusCode, new XDocument(), text);
    }

    /// <summary>The headers of the last answer to <see cref="PostRawAsync(string, Uri, IReadOnlyDictionary{string, string}?, string, string, bool)"/>.</summary>
    public HttpResponseHeaders? LastResponseHeaders { get; private set; }

    public static HttpRequestMessage Request(string envelope, Uri ews, string user = "alice@lab.test", string password = "lab", IReadOnlyDictionary<string, string>? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, ews) { Content = new StringContent(envelope, Encoding.UTF8, "text/xml") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    /// <summary>Posts an operation and returns its response messages.</summary>
    public async Task<List<XElement>> CallAsync(string body, string user = "alice@lab.test", string? impersonate = null)
    {
        var (status, doc, text) = await PostRawAsync(Envelope(body, impersonate), user);
        Assert.True(status == HttpStatusCode.OK, $"HTTP {status}: {text}");
        return doc.Descendants(M + "ResponseMessages").Single().Elements().ToList();
    }

    public async Task<XElement> CallOneAsync(string body, string user = "alice@lab.test", string? impersonate = null) =>
        Assert.Single(await CallAsync(body, user, impersonate));

    public static string Code(XElement message) => message.Element(M + "ResponseCode")!.Value;

    public static void AssertSuccess(XElement message) =>
        Assert.True((string?)message.Attribute("ResponseClass") == "Success", message.ToString());

    public async Task<(string Id, string ChangeKey)> FolderIdAsync(string distinguished, string user = "alice@lab.test")
    {
        var m = await CallOneAsync($"""<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="{distinguished}"/></m:FolderIds></m:GetFolder>""", user);
        var id = m.Descendants(T + "FolderId").Single();
        return ((string)id.Attribute("Id")!, (string)id.Attribute("ChangeKey")!);
    }

    public async Task<XElement> PublicFolderAsync(string name, string user = "alice@lab.test")
    {
        var m = await CallOneAsync("""<m:FindFolder Traversal="Shallow"><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape><m:ParentFolderIds><t:DistinguishedFolderId Id="publicfoldersroot"/></m:ParentFolderIds></m:FindFolder>""", user);
        return m.Descendants(T + "DisplayName").Single(d => d.Value == name).Parent!;
    }

    /// <summary>Creates items (XML of t:Contact etc.) and returns their ids.</summary>
    public async Task<List<(string Id, string ChangeKey)>> CreateAsync(string itemsXml, string folder = "<t:DistinguishedFolderId Id=\"contacts\"/>", string user = "alice@lab.test")
    {
        var messages = await CallAsync($"""<m:CreateItem MessageDisposition="SaveOnly" SendMeetingInvitations="SendToNone"><m:SavedItemFolderId>{folder}</m:SavedItemFolderId><m:Items>{itemsXml}</m:Items></m:CreateItem>""", user);
        return messages.Select(m =>
        {
            AssertSuccess(m);
            var id = m.Descendants(T + "ItemId").Single();
            return ((string)id.Attribute("Id")!, (string)id.Attribute("ChangeKey")!);
        }).ToList();
    }

    public async Task<XElement> GetAsync(string id, string shape = "AllProperties", string additional = "", string user = "alice@lab.test")
    {
        var m = await CallOneAsync($"""<m:GetItem><m:ItemShape><t:BaseShape>{shape}</t:BaseShape>{(additional.Length > 0 ? $"<t:AdditionalProperties>{additional}</t:AdditionalProperties>" : string.Empty)}</m:ItemShape><m:ItemIds><t:ItemId Id="{id}"/></m:ItemIds></m:GetItem>""", user);
        AssertSuccess(m);
        return m.Element(M + "Items")!.Elements().Single();
    }

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => await _http.SendAsync(request);

    public HttpClient Http => _http;

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Server.DisposeAsync();
    }
}
