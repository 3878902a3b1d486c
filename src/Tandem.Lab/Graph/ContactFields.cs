using System.Xml.Linq;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Graph;

/// <summary>
/// Where a Graph contact's properties live in the store, which keeps items as EWS holds them: plain properties by element
/// name, indexed ones in their containers (EmailAddresses, PhoneNumbers, PhysicalAddresses, ImAddresses), and the MAPI
/// properties Graph shows only as single-value extended properties but EWS has typed elements for (the other phone
/// numbers, sensitivity, anniversary, the mailing address) — one property whichever face wrote it.
/// </summary>
internal static class ContactFields
{
    /// <summary>Graph property → EWS element, for the plain strings.</summary>
    public static readonly (string Graph, string Ews)[] Strings =
    [
        ("givenName", "GivenName"), ("middleName", "MiddleName"), ("surname", "Surname"), ("displayName", "DisplayName"),
        ("fileAs", "FileAs"), ("nickName", "Nickname"), ("generation", "Generation"), ("companyName", "CompanyName"),
        ("department", "Department"), ("jobTitle", "JobTitle"), ("officeLocation", "OfficeLocation"), ("profession", "Profession"),
        ("manager", "Manager"), ("assistantName", "AssistantName"), ("spouseName", "SpouseName"), ("businessHomePage", "BusinessHomePage"),
    ];

    private const string AddressSet = "00062004-0000-0000-c000-000000000046";

    /// <summary>Graph property → the MAPI property EWS stores as an extended property too (title is PR_DISPLAY_NAME_PREFIX…).</summary>
    public static readonly (string Graph, ExtendedPropertyId Property)[] ExtendedStrings =
    [
        ("title", ExtendedPropertyId.Parse("String 0x3A45")!),
        ("yomiGivenName", ExtendedPropertyId.Parse("String {" + AddressSet + "} Id 0x802C")!),
        ("yomiSurname", ExtendedPropertyId.Parse("String {" + AddressSet + "} Id 0x802D")!),
        ("yomiCompanyName", ExtendedPropertyId.Parse("String {" + AddressSet + "} Id 0x802E")!),
    ];

    /// <summary>The phone numbers Graph has properties for: businessPhones[0..1], homePhones[0..1], mobilePhone.</summary>
    public static readonly string[] BusinessPhones = ["BusinessPhone", "BusinessPhone2"];

    public static readonly string[] HomePhones = ["HomePhone", "HomePhone2"];

    /// <summary>PR_* tags of the phone numbers Graph has no property for, and EWS's PhoneNumbers key of each.</summary>
    public static readonly Dictionary<string, string> PhoneTags = new(StringComparer.Ordinal)
    {
        [ExtendedKey.Tag(0x3A2E)] = "AssistantPhone", [ExtendedKey.Tag(0x3A24)] = "BusinessFax", [ExtendedKey.Tag(0x3A02)] = "Callback",
        [ExtendedKey.Tag(0x3A1E)] = "CarPhone", [ExtendedKey.Tag(0x3A57)] = "CompanyMainPhone", [ExtendedKey.Tag(0x3A25)] = "HomeFax",
        [ExtendedKey.Tag(0x3A2D)] = "Isdn", [ExtendedKey.Tag(0x3A23)] = "OtherFax", [ExtendedKey.Tag(0x3A1F)] = "OtherTelephone",
        [ExtendedKey.Tag(0x3A21)] = "Pager", [ExtendedKey.Tag(0x3A1A)] = "PrimaryPhone", [ExtendedKey.Tag(0x3A1D)] = "RadioPhone",
        [ExtendedKey.Tag(0x3A2C)] = "Telex", [ExtendedKey.Tag(0x3A4B)] = "TtyTddPhone",
    };

    /// <summary>PR_SENSITIVITY (Integer) ↔ item:Sensitivity.</summary>
    public static readonly string SensitivityKey = ExtendedKey.Tag(0x0036);

    /// <summary>PR_WEDDING_ANNIVERSARY (SystemTime) ↔ contacts:WeddingAnniversary.</summary>
    public static readonly string AnniversaryKey = ExtendedKey.Tag(0x3A41);

    /// <summary>PidLidPostalAddressId (Integer: 0 none, 1 home, 2 business, 3 other) ↔ contacts:PostalAddressIndex.</summary>
    public static readonly string MailingAddressKey = ExtendedKey.Named(AddressSet, 0x8022);

    /// <summary>PidLidHasPicture (Boolean): whether the contact has a photo attachment, as Exchange keeps it with the photo (read-only here).</summary>
    public static readonly string HasPictureKey = ExtendedKey.Named(AddressSet, 0x8015);

    public static readonly string[] Sensitivities = ["Normal", "Personal", "Private", "Confidential"];

    public static readonly string[] AddressIndexes = ["None", "Home", "Business", "Other"];

    /// <summary>Graph address property → EWS PhysicalAddresses key.</summary>
    public static readonly (string Graph, string Key)[] Addresses = [("homeAddress", "Home"), ("businessAddress", "Business"), ("otherAddress", "Other")];

    /// <summary>Graph physicalAddress field → EWS element, in the schema's order.</summary>
    public static readonly (string Graph, string Ews)[] AddressParts =
        [("street", "Street"), ("city", "City"), ("state", "State"), ("countryOrRegion", "CountryOrRegion"), ("postalCode", "PostalCode")];

    public static XElement T(string name, params object[] content) => new(Ns.T + name, content);

    /// <summary>The entries of an indexed container (EmailAddresses, PhoneNumbers…) by key.</summary>
    public static Dictionary<string, XElement> Entries(LabItem item, string container) =>
        item.Props.TryGetValue(container, out var e)
            ? e.Elements(Ns.T + "Entry").Where(x => x.Attribute("Key") is not null).GroupBy(x => (string)x.Attribute("Key")!).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal)
            : new Dictionary<string, XElement>(StringComparer.Ordinal);

    /// <summary>Replaces a container with the given entries (removed when there are none).</summary>
    public static void SetEntries(LabItem item, string container, IEnumerable<XElement> entries, ISet<string> changed)
    {
        var list = entries.ToList();
        if (list.Count == 0)
        {
            item.Props.Remove(container);
        }
        else
        {
            item.Props[container] = T(container, list);
        }

        changed.Add(container);
    }
}
