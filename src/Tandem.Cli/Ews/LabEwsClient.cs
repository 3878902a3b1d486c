using System.Net.Http.Headers;
using System.Security;
using System.Text;
using System.Xml.Linq;

namespace Tandem.Cli.Ews;

/// <summary>
/// A deliberately small raw-SOAP EWS client that acts the way a user's Outlook would (its own credentials, no
/// Tandem code in between): the lab demo edits items with it, and whole-process tests and benchmarks use it to
/// check what really sits in each folder without trusting the connector under test.
/// </summary>
internal sealed class LabEwsClient(Uri ewsUrl, HttpMessageHandler? handler = null) : IDisposable
{
    public static readonly XNamespace M = "http://schemas.microsoft.com/exchange/services/2006/messages";
    public static readonly XNamespace T = "http://schemas.microsoft.com/exchange/services/2006/types";

    private readonly HttpClient _http = handler is null ? new() { Timeout = TimeSpan.FromMinutes(5) } : new(handler, disposeHandler: false) { Timeout = TimeSpan.FromMinutes(5) };

    /// <summary>The folder at a path: "Contacts/Company" in <paramref name="user"/>'s mailbox, or a public folder path when <paramref name="isPublic"/>.</summary>
    public async Task<string?> FolderIdAsync(string user, string path, bool isPublic, CancellationToken ct)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string parent;
        string? id = null;
        var start = 0;
        if (isPublic)
        {
            parent = """<t:DistinguishedFolderId Id="publicfoldersroot"/>""";
        }
        else
        {
            var first = await CallOneAsync(user, $"""<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="{segments[0].ToLowerInvariant()}"/></m:FolderIds></m:GetFolder>""", ct);
            if (!IsSuccess(first)) return null;
            id = (string)first.Descendants(T + "FolderId").First().Attribute("Id")!;
            parent = FolderIdXml(id);
            start = 1;
        }
        for (var i = start; i < segments.Length; i++)
        {
            var found = await CallOneAsync(user, $"""<m:FindFolder Traversal="Shallow"><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape><m:ParentFolderIds>{parent}</m:ParentFolderIds></m:FindFolder>""", ct);
            var folder = found.Descendants(T + "DisplayName").FirstOrDefault(d => d.Value == segments[i])?.Parent;
            if (folder is null) return null;
            id = (string)folder.Element(T + "FolderId")!.Attribute("Id")!;
            parent = FolderIdXml(id);
        }
        return id;
    }

    /// <summary>Every item of a folder with the given extra field URIs (e.g. contacts:JobTitle), paged as Outlook would.</summary>
    public async Task<IReadOnlyList<XElement>> ItemsAsync(string user, string folderId, IEnumerable<string> fieldUris, CancellationToken ct)
    {
        var paths = string.Concat(fieldUris.Select(f => $"""<t:FieldURI FieldURI="{f}"/>"""));
        // the schema wants at least one path inside AdditionalProperties, so an empty list leaves the element out
        var extra = paths.Length == 0 ? string.Empty : $"<t:AdditionalProperties>{paths}</t:AdditionalProperties>";
        var items = new List<XElement>();
        for (var offset = 0; ; )
        {
            var m = await CallOneAsync(user, $"""<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape>{extra}</m:ItemShape><m:IndexedPageItemView MaxEntriesReturned="1000" Offset="{offset}" BasePoint="Beginning"/><m:ParentFolderIds>{FolderIdXml(folderId)}</m:ParentFolderIds></m:FindItem>""", ct);
            EnsureSuccess(m, "FindItem");
            var root = m.Element(M + "RootFolder")!;
            var page = root.Element(T + "Items")?.Elements().ToList() ?? [];
            items.AddRange(page);
            if ((bool?)root.Attribute("IncludesLastItemInRange") ?? true) return items;
            if (page.Count == 0) return items;
            offset = (int?)root.Attribute("IndexedPagingOffset") ?? offset + page.Count;
        }
    }

    public async Task<IReadOnlyList<string>> CreateAsync(string user, string folderId, string itemsXml, CancellationToken ct)
    {
        var messages = await CallAsync(user, $"""<m:CreateItem MessageDisposition="SaveOnly" SendMeetingInvitations="SendToNone"><m:SavedItemFolderId>{FolderIdXml(folderId)}</m:SavedItemFolderId><m:Items>{itemsXml}</m:Items></m:CreateItem>""", ct);
        return messages.Select(m =>
        {
            EnsureSuccess(m, "CreateItem");
            return (string)m.Descendants(T + "ItemId").First().Attribute("Id")!;
        }).ToList();
    }

    /// <summary>Sets one field (<paramref name="fieldUri"/>, with its item element, e.g. &lt;t:Contact&gt;&lt;t:JobTitle&gt;…) as a user saving a form.</summary>
    public async Task UpdateAsync(string user, XElement item, string fieldUri, string itemElementXml, CancellationToken ct)
    {
        var id = item.Element(T + "ItemId")!;
        var m = await CallOneAsync(user, $"""<m:UpdateItem ConflictResolution="AlwaysOverwrite" MessageDisposition="SaveOnly" SendMeetingInvitationsOrCancellations="SendToNone"><m:ItemChanges><t:ItemChange><t:ItemId Id="{Esc((string)id.Attribute("Id")!)}" ChangeKey="{Esc((string)id.Attribute("ChangeKey")!)}"/><t:Updates><t:SetItemField><t:FieldURI FieldURI="{fieldUri}"/>{itemElementXml}</t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>""", ct);
        EnsureSuccess(m, "UpdateItem");
    }

    public async Task DeleteAsync(string user, XElement item, string deleteType, CancellationToken ct)
    {
        var id = (string)item.Element(T + "ItemId")!.Attribute("Id")!;
        var m = await CallOneAsync(user, $"""<m:DeleteItem DeleteType="{deleteType}" SendMeetingCancellations="SendToNone" AffectedTaskOccurrences="AllOccurrences"><m:ItemIds><t:ItemId Id="{Esc(id)}"/></m:ItemIds></m:DeleteItem>""", ct);
        EnsureSuccess(m, "DeleteItem");
    }

    public static string Text(XElement item, string localName) => item.Element(T + localName)?.Value ?? string.Empty;

    public static string Escape(string value) => Esc(value);

    private async Task<XElement> CallOneAsync(string user, string body, CancellationToken ct) => (await CallAsync(user, body, ct)).Single();

    private async Task<IReadOnlyList<XElement>> CallAsync(string user, string body, CancellationToken ct)
    {
        var envelope = $"""
            <?xml version="1.0" encoding="utf-8"?>
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="{T}" xmlns:m="{M}">
              <soap:Header><t:RequestServerVersion Version="Exchange2013_SP1"/></soap:Header>
              <soap:Body>{body}</soap:Body>
            </soap:Envelope>
            """;
        using var request = new HttpRequestMessage(HttpMethod.Post, ewsUrl) { Content = new StringContent(envelope, Encoding.UTF8, "text/xml") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{LabUsers.Password}")));
        using var response = await _http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"lab EWS answered HTTP {(int)response.StatusCode}: {FaultText(text)}");
        return XDocument.Parse(text).Descendants(M + "ResponseMessages").Single().Elements().ToList();
    }

    private static string FaultText(string text)
    {
        try
        {
            return XDocument.Parse(text).Descendants().FirstOrDefault(e => e.Name.LocalName == "faultstring")?.Value ?? text[..Math.Min(500, text.Length)];
        }
        catch (System.Xml.XmlException)
        {
            return text[..Math.Min(500, text.Length)];
        }
    }

    private static bool IsSuccess(XElement message) => (string?)message.Attribute("ResponseClass") == "Success";

    private static void EnsureSuccess(XElement message, string operation)
    {
        if (!IsSuccess(message)) throw new InvalidOperationException($"{operation}: {message.Element(M + "ResponseCode")?.Value} {message.Element(M + "MessageText")?.Value}");
    }

    private static string FolderIdXml(string id) => $"""<t:FolderId Id="{Esc(id)}"/>""";

    private static string Esc(string value) => SecurityElement.Escape(value);

    public void Dispose() => _http.Dispose();
}
