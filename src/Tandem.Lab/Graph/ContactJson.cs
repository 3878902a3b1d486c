using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Graph;

/// <summary>A stored contact as Graph's contact resource, and a Graph contact body applied to a stored contact.</summary>
internal static class ContactJson
{
    public static JsonObject Render(LabItem item, IReadOnlyList<string> extendedIds)
    {
        var json = new JsonObject
        {
            ["@odata.etag"] = Etag(item),
            ["id"] = GraphIds.FromStore(item.Id),
            ["createdDateTime"] = Time(item.Created),
            ["lastModifiedDateTime"] = Time(item.Modified),
            ["changeKey"] = item.ChangeKey,
            ["categories"] = new JsonArray(item.Props.TryGetValue("Categories", out var cats) ? cats.Elements(Ns.T + "String").Select(s => (JsonNode?)s.Value).ToArray() : []),
            ["parentFolderId"] = GraphIds.FromStore(item.FolderId),
            ["birthday"] = item.Text("Birthday"),
            ["personalNotes"] = item.Text("Body") ?? "",
        };
        foreach (var (graph, ews) in ContactFields.Strings)
        {
            json[graph] = item.Text(ews);
        }

        foreach (var (graph, property) in ContactFields.ExtendedStrings)
        {
            json[graph] = item.Extended.TryGetValue(property.Key, out var x) ? ExtendedPropertyId.ValueOf(x) : null;
        }

        json["emailAddresses"] = new JsonArray(ContactFields.Entries(item, "EmailAddresses").OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => (JsonNode?)new JsonObject { ["name"] = (string?)e.Value.Attribute("Name") ?? e.Value.Value, ["address"] = e.Value.Value }).ToArray());
        json["imAddresses"] = new JsonArray(ContactFields.Entries(item, "ImAddresses").OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (JsonNode?)e.Value.Value).ToArray());
        var phones = ContactFields.Entries(item, "PhoneNumbers");
        json["businessPhones"] = new JsonArray(ContactFields.BusinessPhones.Where(phones.ContainsKey).Select(k => (JsonNode?)phones[k].Value).ToArray());
        json["homePhones"] = new JsonArray(ContactFields.HomePhones.Where(phones.ContainsKey).Select(k => (JsonNode?)phones[k].Value).ToArray());
        json["mobilePhone"] = phones.TryGetValue("MobilePhone", out var mobile) ? mobile.Value : null;
        var addresses = ContactFields.Entries(item, "PhysicalAddresses");
        foreach (var (graph, key) in ContactFields.Addresses)
        {
            var address = new JsonObject();
            foreach (var (part, ews) in ContactFields.AddressParts)
            {
                address[part] = addresses.TryGetValue(key, out var entry) ? entry.Element(Ns.T + ews)?.Value : null;
            }

            json[graph] = address;
        }

        if (extendedIds.Count > 0)
        {
            var list = new JsonArray();
            foreach (var id in extendedIds)
            {
                if (ReadExtended(item, id) is { } value)
                {
                    list.Add(new JsonObject { ["id"] = id, ["value"] = value });
                }
            }

            json["singleValueExtendedProperties"] = list;
        }

        return json;
    }

    /// <summary>Applies the properties present in <paramref name="body"/> (absent ones are left, null ones cleared); returns the changed keys.</summary>
    public static ISet<string> Apply(LabItem item, JsonObject body)
    {
        var changed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (graph, ews) in ContactFields.Strings)
        {
            if (body.TryGetPropertyValue(graph, out var node))
            {
                SetProp(item, ews, Str(node), changed);
            }
        }

        foreach (var (graph, property) in ContactFields.ExtendedStrings)
        {
            if (body.TryGetPropertyValue(graph, out var node))
            {
                SetExtended(item, property, Str(node), changed);
            }
        }

        if (body.TryGetPropertyValue("birthday", out var birthday))
        {
            SetProp(item, "Birthday", Str(birthday), changed);
        }

        if (body.TryGetPropertyValue("personalNotes", out var notes))
        {
            var text = Str(notes);
            SetElement(item, "Body", text is null ? null : ContactFields.T("Body", new XAttribute("BodyType", "Text"), text), changed);
        }

        if (body.TryGetPropertyValue("categories", out var categories))
        {
            var list = Strs(categories);
            SetElement(item, "Categories", list.Count == 0 ? null : ContactFields.T("Categories", list.Select(c => ContactFields.T("String", c)).ToArray()), changed);
        }

        if (body["emailAddresses"] is JsonArray emails)
        {
            ContactFields.SetEntries(item, "EmailAddresses", emails.OfType<JsonObject>().Where(e => Str(e["address"]) is not null).Take(3).Select((e, i) =>
            {
                var entry = ContactFields.T("Entry", new XAttribute("Key", "EmailAddress" + (i + 1)), Str(e["address"])!);
                if (Str(e["name"]) is { } name)
                {
                    entry.Add(new XAttribute("Name", name));
                }

                return entry;
            }), changed);
        }

        if (body["imAddresses"] is JsonArray ims)
        {
            ContactFields.SetEntries(item, "ImAddresses", Strs(ims).Take(3).Select((v, i) => ContactFields.T("Entry", new XAttribute("Key", "ImAddress" + (i + 1)), v)), changed);
        }

        ApplyPhones(item, body, changed);
        ApplyAddresses(item, body, changed);
        if (body["singleValueExtendedProperties"] is JsonArray extended)
        {
            foreach (var property in extended.OfType<JsonObject>())
            {
                if (Str(property["id"]) is { } id && ExtendedPropertyId.Parse(id) is { } parsed)
                {
                    WriteExtended(item, parsed, Str(property["value"]), changed);
                }
            }
        }

        return changed;
    }

    public static string Etag(LabItem item) => "W/\"" + item.ChangeKey + "\"";

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A single-value extended property's value, wherever the store keeps that MAPI property.</summary>
    public static string? ReadExtended(LabItem item, string id)
    {
        if (ExtendedPropertyId.Parse(id) is not { } parsed)
        {
            return null;
        }

        if (ContactFields.PhoneTags.TryGetValue(parsed.Key, out var phoneKey))
        {
            return ContactFields.Entries(item, "PhoneNumbers").TryGetValue(phoneKey, out var phone) ? phone.Value : null;
        }

        if (parsed.Key == ContactFields.SensitivityKey)
        {
            return Array.IndexOf(ContactFields.Sensitivities, item.Text("Sensitivity") ?? "Normal") is var s and >= 0 ? s.ToString(CultureInfo.InvariantCulture) : "0";
        }

        if (parsed.Key == ContactFields.AnniversaryKey)
        {
            return item.Text("WeddingAnniversary");
        }

        if (parsed.Key == ContactFields.HasPictureKey)
        {
            return Ews.AttachmentOperations.HasContactPhoto(item) ? "true" : "false";
        }

        if (parsed.Key == ContactFields.MailingAddressKey)
        {
            return Array.IndexOf(ContactFields.AddressIndexes, item.Text("PostalAddressIndex") ?? "None") is var a and >= 0 ? a.ToString(CultureInfo.InvariantCulture) : "0";
        }

        return item.Extended.TryGetValue(parsed.Key, out var x) ? ExtendedPropertyId.ValueOf(x) : null;
    }

    private static void WriteExtended(LabItem item, ExtendedPropertyId property, string? value, ISet<string> changed)
    {
        if (ContactFields.PhoneTags.TryGetValue(property.Key, out var phoneKey))
        {
            var phones = ContactFields.Entries(item, "PhoneNumbers");
            Put(phones, phoneKey, value);
            ContactFields.SetEntries(item, "PhoneNumbers", phones.Values, changed);
        }
        else if (property.Key == ContactFields.SensitivityKey)
        {
            var n = int.TryParse(value, CultureInfo.InvariantCulture, out var i) && i is >= 0 and < 4 ? i : 0;
            SetProp(item, "Sensitivity", ContactFields.Sensitivities[n], changed);
        }
        else if (property.Key == ContactFields.AnniversaryKey)
        {
            SetProp(item, "WeddingAnniversary", value, changed);
        }
        else if (property.Key == ContactFields.MailingAddressKey)
        {
            var n = int.TryParse(value, CultureInfo.InvariantCulture, out var i) && i is >= 0 and < 4 ? i : 0;
            SetProp(item, "PostalAddressIndex", ContactFields.AddressIndexes[n], changed);
        }
        else
        {
            SetExtended(item, property, value, changed);
        }
    }

    private static void ApplyPhones(LabItem item, JsonObject body, ISet<string> changed)
    {
        if (!body.ContainsKey("businessPhones") && !body.ContainsKey("homePhones") && !body.ContainsKey("mobilePhone"))
        {
            return;
        }

        var phones = ContactFields.Entries(item, "PhoneNumbers");
        if (body["businessPhones"] is JsonArray business)
        {
            PutList(phones, ContactFields.BusinessPhones, Strs(business));
        }

        if (body["homePhones"] is JsonArray home)
        {
            PutList(phones, ContactFields.HomePhones, Strs(home));
        }

        if (body.TryGetPropertyValue("mobilePhone", out var mobile))
        {
            Put(phones, "MobilePhone", Str(mobile));
        }

        ContactFields.SetEntries(item, "PhoneNumbers", phones.Values, changed);
    }

    private static void ApplyAddresses(LabItem item, JsonObject body, ISet<string> changed)
    {
        if (!ContactFields.Addresses.Any(a => body.ContainsKey(a.Graph)))
        {
            return;
        }

        var addresses = ContactFields.Entries(item, "PhysicalAddresses");
        foreach (var (graph, key) in ContactFields.Addresses)
        {
            if (!body.TryGetPropertyValue(graph, out var node))
            {
                continue;
            }

            var parts = ContactFields.AddressParts
                .Select(p => (p.Ews, Value: Str((node as JsonObject)?[p.Graph])))
                .Where(p => p.Value is not null)
                .Select(p => ContactFields.T(p.Ews, p.Value!))
                .ToList();
            addresses.Remove(key);
            if (parts.Count > 0)
            {
                addresses[key] = ContactFields.T("Entry", new XAttribute("Key", key), parts.ToArray());
            }
        }

        ContactFields.SetEntries(item, "PhysicalAddresses", addresses.Values, changed);
    }

    private static void PutList(Dictionary<string, XElement> phones, string[] keys, List<string> values)
    {
        for (var i = 0; i < keys.Length; i++)
        {
            Put(phones, keys[i], i < values.Count ? values[i] : null);
        }
    }

    private static void Put(Dictionary<string, XElement> entries, string key, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            entries.Remove(key);
        }
        else
        {
            entries[key] = ContactFields.T("Entry", new XAttribute("Key", key), value);
        }
    }

    internal static void SetProp(LabItem item, string name, string? value, ISet<string> changed) =>
        SetElement(item, name, string.IsNullOrEmpty(value) ? null : ContactFields.T(name, value), changed);

    internal static void SetElement(LabItem item, string name, XElement? element, ISet<string> changed)
    {
        if (element is null)
        {
            item.Props.Remove(name);
        }
        else
        {
            item.Props[name] = element;
        }

        changed.Add(name);
    }

    internal static void SetExtended(LabItem item, ExtendedPropertyId property, string? value, ISet<string> changed)
    {
        if (string.IsNullOrEmpty(value))
        {
            item.Extended.Remove(property.Key);
        }
        else
        {
            item.Extended[property.Key] = property.ToElement(value);
        }

        changed.Add("x:" + property.Key);
    }

    internal static string? Str(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    internal static List<string> Strs(JsonNode? node) =>
        node is JsonArray a ? a.Select(Str).Where(s => s is not null).Select(s => s!).ToList() : [];
}
