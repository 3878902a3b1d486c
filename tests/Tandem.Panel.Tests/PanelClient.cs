using System.Net;
using System.Text.RegularExpressions;

namespace Tandem.Panel.Tests;

/// <summary>A browser-like HTTP client: keeps cookies, does not follow redirects, and can read a page's antiforgery token.</summary>
public sealed partial class PanelClient : IDisposable
{
    private readonly HttpClient _http;

    public PanelClient(Uri baseUri)
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true };
        _http = new HttpClient(handler) { BaseAddress = baseUri };
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(new Uri(path, UriKind.Relative));

    /// <summary>The antiforgery token of the form on <paramref name="page"/> (also sets its cookie).</summary>
    public async Task<string> CsrfTokenAsync(string page)
    {
        using var response = await GetAsync(page);
        var html = await response.Content.ReadAsStringAsync();
        var m = TokenInput().Match(html);
        Assert.True(m.Success, $"no antiforgery token on {page} ({(int)response.StatusCode})");
        return WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    public Task<HttpResponseMessage> PostAsync(string path, Dictionary<string, string> form, string? csrf)
    {
        if (csrf is not null) form = new Dictionary<string, string>(form) { ["__RequestVerificationToken"] = csrf };
        return _http.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(form));
    }

    /// <summary>Signs in through the form; returns the response (302 to "/" on success).</summary>
    public async Task<HttpResponseMessage> SignInAsync(string name, string password) =>
        await PostAsync("/signin", new() { ["Name"] = name, ["Password"] = password }, await CsrfTokenAsync("/signin"));

    public void Dispose() => _http.Dispose();
}
