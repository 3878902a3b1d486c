using System.Net.Http.Headers;
using System.Text;

namespace Tandem.Connectors.Ews.Tests.Lab;

/// <summary>A raw EWS request to the lab as alice, for what a test must do or see past the connector (as Outlook would).</summary>
internal static class LabSoap
{
    public static async Task<string> PostAsync(LabFixture lab, string operation, CancellationToken ct)
    {
        var body = $"""
            <?xml version="1.0" encoding="utf-8"?>
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages">
              <soap:Header><t:RequestServerVersion Version="Exchange2013_SP1"/></soap:Header>
              <soap:Body>{operation}</soap:Body>
            </soap:Envelope>
            """;
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, lab.Server.EwsUrl) { Content = new StringContent(body, Encoding.UTF8, "text/xml") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("alice@lab.test:lab"u8.ToArray()));
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, text);
        return text;
    }
}
