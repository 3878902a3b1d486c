using System.Collections.Frozen;
using System.Xml.Linq;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Ews;

/// <summary>
/// The MAPI properties behind the EWS elements: Exchange stores one value and answers for it whether a client asks by
/// FieldURI or by ExtendedFieldURI (PR_MESSAGE_CLASS, PR_GIVEN_NAME, PidLidRecurring…). Clients such as DavMail read
/// and restrict by these tags, so the lab serves them from the same stored values.
/// </summary>
internal static class MapiProperties
{
    /// <summary>Property tags (type stripped) mapped to the element that holds the value.</summary>
    private static readonly FrozenDictionary<string, string> Tags = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [ExtendedKey.Tag(0x0037)] = "Subject",
        [ExtendedKey.Tag(0x1000)] = "Body",
        [ExtendedKey.Tag(0x3A05)] = "Generation",
        [ExtendedKey.Tag(0x3A06)] = "GivenName",
        [ExtendedKey.Tag(0x3A11)] = "Surname",
        [ExtendedKey.Tag(0x3A16)] = "CompanyName",
        [ExtendedKey.Tag(0x3A17)] = "JobTitle",
        [ExtendedKey.Tag(0x3A18)] = "Department",
        [ExtendedKey.Tag(0x3A19)] = "OfficeLocation",
        [ExtendedKey.Tag(0x3A30)] = "AssistantName",
        [ExtendedKey.Tag(0x3A41)] = "WeddingAnniversary",
        [ExtendedKey.Tag(0x3A42)] = "Birthday",
        [ExtendedKey.Tag(0x3A44)] = "MiddleName",
        [ExtendedKey.Tag(0x3A46)] = "Profession",
        [ExtendedKey.Tag(0x3A48)] = "SpouseName",
        [ExtendedKey.Tag(0x3A4E)] = "Manager",
        [ExtendedKey.Tag(0x3A4F)] = "Nickname",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Phone tags mapped to the PhoneNumbers entry key.</summary>
    private static readonly FrozenDictionary<string, string> Phones = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [ExtendedKey.Tag(0x3A08)] = "BusinessPhone",
        [ExtendedKey.Tag(0x3A09)] = "HomePhone",
        [ExtendedKey.Tag(0x3A1C)] = "MobilePhone",
        [ExtendedKey.Tag(0x3A24)] = "BusinessFax",
        [ExtendedKey.Tag(0x3A25)] = "HomeFax",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private const string AppointmentSet = "00062002-0000-0000-c000-000000000046";
    private const string PublicStringsSet = "00020329-0000-0000-c000-000000000046";

    /// <summary>The value of a MAPI property this item has through its EWS properties, or null.</summary>
    public static string? Value(LabItem item, string key, LabStore store)
    {
        if (Tags.TryGetValue(key, out var element))
        {
            return item.Text(element) ?? ItemRenderer.Computed(item, element, store)?.Value;
        }

        if (Phones.TryGetValue(key, out var phone))
        {
            return item.Props.GetValueOrDefault("PhoneNumbers")?.Elements(Ns.T + "Entry").FirstOrDefault(e => (string?)e.Attribute("Key") == phone)?.Value;
        }

        var recurring = item.Props.ContainsKey("Recurrence");
        return key switch
        {
            // PR_INTERNET_ARTICLE_NUMBER: the increasing number an item gets when it lands in its folder (DavMail pages
            // and keeps only items by it).
            _ when key == ExtendedKey.Tag(0x0E23) => item.CreatedChangeNumber.ToString(System.Globalization.CultureInfo.InvariantCulture),

            // PR_MESSAGE_CLASS and PR_DISPLAY_NAME.
            _ when key == ExtendedKey.Tag(0x001A) => ItemRenderer.Computed(item, "ItemClass", store)!.Value,
            _ when key == ExtendedKey.Tag(0x3001) => ItemRenderer.Computed(item, "DisplayName", store)?.Value ?? item.Text("Subject"),

            // PidLidRecurring and the calendar instance type (0 single, 1 master) of a calendar item.
            _ when item.ElementName == "CalendarItem" && key == ExtendedKey.Named(AppointmentSet, 0x8223) => recurring ? "true" : "false",
            _ when item.ElementName == "CalendarItem" && key == $"set:{PublicStringsSet}|name:urn:schemas:calendar:instancetype" => recurring ? "1" : "0",
            _ => null,
        };
    }
}
