using System.Globalization;
using System.Xml.Linq;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Ews;

/// <summary>
/// A contact created from a vCard in item:MimeContent ("Import items by using EWS in Exchange": common file formats go
/// through the MIME stream; its vCard import sample): the card's properties become the contact's, and a property the
/// client also set as an element keeps the element's value; an inline PHOTO becomes the contact photo (a file
/// attachment with IsContactPhoto, as Outlook and EWS keep it). The card itself is not kept: like every contact, its
/// MimeContent is rendered from the properties (<see cref="MimeRenderer"/>).
/// </summary>
internal static class ContactMime
{
    private static readonly (string Type, string Key)[] AddressKeys = [("HOME", "Home"), ("WORK", "Business")];

    /// <summary>Adds the card's properties to <paramref name="props"/>; returns how to attach its photo once the item exists, if it has one.</summary>
    public static Action<LabStore, LabItem>? Absorb(string text, List<XElement> props)
    {
        var lines = ContentLine.Parse(text);
        if (!lines.Any(l => l.Name == "BEGIN" && l.Value.Trim().Equals("VCARD", StringComparison.OrdinalIgnoreCase)))
        {
            throw new EwsException("ErrorMimeContentConversionFailed", "The MIME content of a contact must be a vCard.");
        }

        var found = new List<XElement>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value) && found.All(f => f.Name.LocalName != name)) found.Add(new XElement(Ns.T + name, value.Trim()));
        }

        var emails = new List<XElement>();
        var phones = new List<XElement>();
        var addresses = new List<XElement>();
        foreach (var line in lines)
        {
            switch (line.Name)
            {
                case "FN":
                    Add("DisplayName", line.Text);
                    break;
                case "N":
                    var n = line.Parts();
                    string Part(int i) => i < n.Length ? n[i] : string.Empty;
                    Add("Surname", Part(0));
                    Add("GivenName", Part(1));
                    Add("MiddleName", Part(2));
                    Add("Generation", Part(4));
                    break;
                case "NICKNAME":
                    Add("Nickname", line.Text);
                    break;
                case "ORG":
                    var org = line.Parts();
                    Add("CompanyName", org[0]);
                    Add("Department", org.Length > 1 ? org[1] : null);
                    break;
                case "TITLE":
                    Add("JobTitle", line.Text);
                    break;
                case "NOTE":
                    if (found.All(f => f.Name.LocalName != "Body")) found.Add(new XElement(Ns.T + "Body", new XAttribute("BodyType", "Text"), line.Text));
                    break;
                case "URL":
                    Add("BusinessHomePage", line.Text);
                    break;
                case "BDAY" when Date(line.Text) is { } birthday:
                    Add("Birthday", birthday);
                    break;
                case "EMAIL" when emails.Count < 3 && line.Text.Length > 0:
                    emails.Add(new XElement(Ns.T + "Entry", new XAttribute("Key", "EmailAddress" + (emails.Count + 1)), line.Text.Trim()));
                    break;
                case "TEL" when PhoneKey(line, phones) is { } key:
                    phones.Add(new XElement(Ns.T + "Entry", new XAttribute("Key", key), line.Text.Trim()));
                    break;
                case "ADR":
                    var key2 = AddressKeys.FirstOrDefault(k => line.HasType(k.Type)).Key ?? "Other";
                    if (addresses.Any(a => (string?)a.Attribute("Key") == key2)) break;
                    var adr = line.Parts();
                    string A(int i) => i < adr.Length ? adr[i].Trim() : string.Empty;
                    var street = string.Join("\n", new[] { A(1), A(2) }.Where(s => s.Length > 0));
                    var parts = new[] { ("Street", street), ("City", A(3)), ("State", A(4)), ("CountryOrRegion", A(6)), ("PostalCode", A(5)) }
                        .Where(p => p.Item2.Length > 0).Select(p => new XElement(Ns.T + p.Item1, p.Item2)).ToList();
                    if (parts.Count > 0) addresses.Add(new XElement(Ns.T + "Entry", new XAttribute("Key", key2), parts));
                    break;
                case "CATEGORIES":
                    var categories = line.Parts(',').Select(c => c.Trim()).Where(c => c.Length > 0).ToList();
                    if (categories.Count > 0 && found.All(f => f.Name.LocalName != "Categories"))
                    {
                        found.Add(new XElement(Ns.T + "Categories", categories.Select(c => new XElement(Ns.T + "String", c))));
                    }

                    break;
            }
        }

        if (emails.Count > 0) found.Add(new XElement(Ns.T + "EmailAddresses", emails));
        if (phones.Count > 0) found.Add(new XElement(Ns.T + "PhoneNumbers", phones));
        if (addresses.Count > 0) found.Add(new XElement(Ns.T + "PhysicalAddresses", addresses));
        foreach (var property in found.Where(f => props.All(p => p.Name != f.Name)))
        {
            props.Add(property);
        }

        if (lines.FirstOrDefault(l => l.Name == "PHOTO") is not { } photo || Photo(photo) is not { } picture) return null;
        return (_, item) => AttachmentOperations.Add(item, new XElement(Ns.T + "FileAttachment",
            new XElement(Ns.T + "Name", "ContactPicture.jpg"), new XElement(Ns.T + "ContentType", picture.Type),
            new XElement(Ns.T + "IsContactPhoto", "true"), new XElement(Ns.T + "Content", Convert.ToBase64String(picture.Data))));
    }

    /// <summary>An inline PHOTO: vCard 4's data: URI, or 2.1/3.0's ENCODING=b / BASE64 value; a photo by reference is not fetched.</summary>
    private static (string Type, byte[] Data)? Photo(ContentLine line)
    {
        var value = line.Value.Trim();
        string type;
        string data;
        if (value.StartsWith("data:", StringComparison.OrdinalIgnoreCase) && value.IndexOf(";base64,", StringComparison.OrdinalIgnoreCase) is var marker and > 5)
        {
            type = value[5..marker];
            data = value[(marker + 8)..];
        }
        else if (line.Param("ENCODING") is { } encoding && (encoding.Equals("b", StringComparison.OrdinalIgnoreCase) || encoding.Equals("BASE64", StringComparison.OrdinalIgnoreCase)))
        {
            var kind = (line.Param("TYPE") ?? "JPEG").Split(',')[0].Trim().ToLowerInvariant();
            type = kind.Contains('/', StringComparison.Ordinal) ? kind : "image/" + kind;
            data = value;
        }
        else
        {
            return null;
        }

        try
        {
            return (type, Convert.FromBase64String(data.Replace(" ", string.Empty, StringComparison.Ordinal)));
        }
        catch (FormatException)
        {
            throw new EwsException("ErrorMimeContentConversionFailed", "The vCard's PHOTO is not valid base64.");
        }
    }

    /// <summary>The contact's phone slot for a TEL line (the second home or work number goes to HomePhone2 / BusinessPhone2).</summary>
    private static string? PhoneKey(ContentLine line, List<XElement> taken)
    {
        string[] candidates =
            line.HasType("FAX") ? (line.HasType("HOME") ? ["HomeFax"] : line.HasType("WORK") ? ["BusinessFax"] : ["OtherFax"])
            : line.HasType("CELL") ? ["MobilePhone"]
            : line.HasType("PAGER") ? ["Pager"]
            : line.HasType("CAR") ? ["CarPhone"]
            : line.HasType("HOME") ? ["HomePhone", "HomePhone2"]
            : line.HasType("WORK") ? ["BusinessPhone", "BusinessPhone2"]
            : ["OtherTelephone", "PrimaryPhone"];
        return candidates.FirstOrDefault(k => taken.All(t => (string?)t.Attribute("Key") != k));
    }

    /// <summary>A BDAY date (1990-05-17, 19900517, or a date-time) as Exchange's xs:dateTime, midnight UTC.</summary>
    private static string? Date(string value)
    {
        var text = value.Trim();
        string[] formats = ["yyyy-MM-dd", "yyyyMMdd"];
        return DateOnly.TryParseExact(text.Length >= 10 && text[4] == '-' ? text[..10] : text.Length >= 8 ? text[..8] : text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? ItemRenderer.Time(new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))
            : null;
    }
}
