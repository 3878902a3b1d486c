using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Tandem.Integration.Tests.Graph;

/// <summary>A mailbox owner changing contacts through the lab's Graph face in raw HTTP (not the connector under test).</summary>
internal sealed class GraphUser(Uri labBase) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(labBase, "v1.0/") };

    public async Task<List<JsonObject>> ContactsAsync(string user, string folderName)
    {
        var folder = await FolderIdAsync(user, folderName);
        var json = await SendAsync(HttpMethod.Get, $"users/{user}/contactFolders/{folder}/contacts?$top=1000");
        return json!["value"]!.AsArray().Select(c => c!.AsObject()).ToList();
    }

    public Task CreateAsync(string user, string folderName, JsonObject contact) =>
        FolderIdAsync(user, folderName).ContinueWith(t => SendAsync(HttpMethod.Post, $"users/{user}/contactFolders/{t.Result}/contacts", contact)).Unwrap();

    public Task CreateFolderAsync(string user, string name) =>
        SendAsync(HttpMethod.Post, $"users/{user}/contactFolders", new JsonObject { ["displayName"] = name });

    public Task PatchAsync(string user, string id, JsonObject changes) => SendAsync(HttpMethod.Patch, $"users/{user}/contacts/{id}", changes);

    public Task DeleteAsync(string user, string id) => SendAsync(HttpMethod.Delete, $"users/{user}/contacts/{id}");

    public void Dispose() => _http.Dispose();

    private async Task<string> FolderIdAsync(string user, string name)
    {
        var folders = await SendAsync(HttpMethod.Get, $"users/{user}/contactFolders");
        return (string)folders!["value"]!.AsArray().Single(f => (string?)f!["displayName"] == name)!["id"]!;
    }

    private async Task<JsonNode?> SendAsync(HttpMethod method, string url, JsonObject? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "user");
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {url}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }
}
