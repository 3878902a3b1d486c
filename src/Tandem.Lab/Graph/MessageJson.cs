using System.Globalization;
using System.Text.Json.Nodes;
using Tandem.Lab.Ews;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Graph;

/// <summary>
/// A stored message as Graph's message resource (what a sync reads, and the read properties a client shows: addresses,
/// dates, body and its preview, importance; the content itself is its MIME, served by GET …/messages/{id}/$value), and the
/// PATCH Graph allows on it: categories and single-value extended properties.
/// </summary>
internal static class MessageJson
{
    /// <summary>PR_MESSAGE_FLAGS, one MAPI property for both faces.</summary>
    public static readonly ExtendedPropertyId MessageFlags = ExtendedPropertyId.Parse("Integer 0x0E07")!;

    /// <summary>MSGFLAG_READ | MSGFLAG_UNSENT: what Exchange gives a message created from MIME through Graph (a draft).</summary>
    public const int DraftFlags = 0x1 | 0x8;

    public static JsonObject Render(LabItem item, IReadOnlyList<string> extendedIds)
    {
        var flags = Flags(item);
        var json = new JsonObject
        {
            ["@odata.etag"] = ContactJson.Etag(item),
            ["id"] = GraphIds.FromStore(item.Id),
            ["createdDateTime"] = ContactJson.Time(item.Created),
            ["lastModifiedDateTime"] = ContactJson.Time(item.Modified),
            ["changeKey"] = item.ChangeKey,
            ["categories"] = new JsonArray(item.Props.TryGetValue("Categories", out var cats) ? cats.Elements(Ns.T + "String").Select(s => (JsonNode?)s.Value).ToArray() : []),
            ["parentFolderId"] = GraphIds.FromStore(item.FolderId),
            ["subject"] = item.Text("Subject"),
            ["internetMessageId"] = item.Text("InternetMessageId"),
            ["isDraft"] = (flags & 0x8) != 0,
            ["isRead"] = (flags & 0x1) != 0,
            ["from"] = Recipients(item, "From").FirstOrDefault(),
            ["sender"] = Recipients(item, "From").FirstOrDefault(),
            ["toRecipients"] = new JsonArray([.. Recipients(item, "ToRecipients")]),
            ["ccRecipients"] = new JsonArray([.. Recipients(item, "CcRecipients")]),
            ["bccRecipients"] = new JsonArray([.. Recipients(item, "BccRecipients")]),
            ["replyTo"] = new JsonArray(),
            ["sentDateTime"] = item.Text("DateTimeSent"),
            ["receivedDateTime"] = ContactJson.Time(item.Created),
            ["hasAttachments"] = item.Props.ContainsKey("Attachments") || (Mime(item) is { } mime && System.Text.Encoding.ASCII.GetString(mime).Contains("Content-Disposition: attachment", StringComparison.OrdinalIgnoreCase)),
            ["importance"] = (item.Text("Importance") ?? "Normal").ToLowerInvariant(),
            ["isReadReceiptRequested"] = false,
            ["isDeliveryReceiptRequested"] = false,
        };
        var body = item.Props.GetValueOrDefault("Body");
        var isHtml = (string?)body?.Attribute("BodyType") == "HTML";
        json["body"] = new JsonObject { ["contentType"] = isHtml ? "html" : "text", ["content"] = body?.Value ?? "" };
        var preview = System.Text.RegularExpressions.Regex.Replace(isHtml ? System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(body!.Value, "<[^>]*>", " ")) : body?.Value ?? "", @"\s+", " ").Trim();
        json["bodyPreview"] = preview.Length > 255 ? preview[..255] : preview;
        if (extendedIds.Count > 0)
        {
            json["singleValueExtendedProperties"] = new JsonArray(extendedIds.Distinct(StringComparer.OrdinalIgnoreCase)
                .Select(id => (Id: id, Value: Extended(item, id)))
                .Where(p => p.Value is not null)
                .Select(p => (JsonNode?)new JsonObject { ["id"] = p.Id, ["value"] = p.Value })
                .ToArray());
        }

        return json;
    }

    /// <summary>The message's bytes: the MIME it was made from (EWS MimeContent or a Graph MIME POST), or null.</summary>
    public static byte[]? Mime(LabItem item) =>
        MessageMime.Stored(item) is { } stored ? Convert.FromBase64String(stored.Value.Trim()) : null;

    /// <summary>Applies categories and extended properties (Graph takes no other change to a sent message's content).</summary>
    public static ISet<string> Apply(LabItem item, JsonObject body)
    {
        var changed = new HashSet<string>(StringComparer.Ordinal);
        if (body.TryGetPropertyValue("categories", out var categories))
        {
            var list = ContactJson.Strs(categories);
            ContactJson.SetElement(item, "Categories", list.Count == 0 ? null : ContactFields.T("Categories", list.Select(c => ContactFields.T("String", c)).ToArray()), changed);
        }

        if (body["singleValueExtendedProperties"] is JsonArray extended)
        {
            foreach (var property in extended.OfType<JsonObject>())
            {
                if (ContactJson.Str(property["id"]) is { } id && ExtendedPropertyId.Parse(id) is { } parsed)
                {
                    // MSGFLAG_UNSENT can only be set before a message is first saved (MS-OXCMSG 2.2.1.6).
                    if (parsed.Key == MessageFlags.Key) throw new FormatException("PR_MESSAGE_FLAGS can be set only when the message is created.");
                    ContactJson.SetExtended(item, parsed, ContactJson.Str(property["value"]), changed);
                }
            }
        }

        return changed;
    }

    public static string? Extended(LabItem item, string id) =>
        ExtendedPropertyId.Parse(id) is { } parsed && item.Extended.TryGetValue(parsed.Key, out var x) ? ExtendedPropertyId.ValueOf(x) : null;

    /// <summary>Graph's recipients ({"emailAddress":{"name","address"}}) from the t:Mailbox elements the store keeps.</summary>
    private static IEnumerable<JsonNode> Recipients(LabItem item, string property)
    {
        if (item.Props.GetValueOrDefault(property) is not { } stored) return [];
        return stored.Descendants(Ns.T + "Mailbox").Select(m => (JsonNode)new JsonObject
        {
            ["emailAddress"] = new JsonObject { ["name"] = m.Element(Ns.T + "Name")?.Value ?? m.Element(Ns.T + "EmailAddress")?.Value, ["address"] = m.Element(Ns.T + "EmailAddress")?.Value },
        }).ToList();
    }

    /// <summary>MSGFLAG_READ in PR_MESSAGE_FLAGS.</summary>
    public static bool IsRead(LabItem item) => (Flags(item) & 0x1) != 0;

    private static int Flags(LabItem item) =>
        Extended(item, "Integer 0x0E07") is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var flags) ? flags : 0x1;
}
