using System.Xml.Linq;
using Tandem.Connectors.Ews.Protocol;
using Tandem.Core.Items;

namespace Tandem.Connectors.Ews.Mapping;

/// <summary>Contact ↔ t:Contact. Fields come out in the schema's order (ItemType first, then ContactItemType).</summary>
internal static class ContactMapper
{
    private static readonly (PhoneKind Kind, string Key)[] PhoneKeys =
    [
        (PhoneKind.Assistant, "AssistantPhone"), (PhoneKind.BusinessFax, "BusinessFax"), (PhoneKind.Business, "BusinessPhone"),
        (PhoneKind.Business2, "BusinessPhone2"), (PhoneKind.Callback, "Callback"), (PhoneKind.Car, "CarPhone"),
        (PhoneKind.Company, "CompanyMainPhone"), (PhoneKind.HomeFax, "HomeFax"), (PhoneKind.Home, "HomePhone"),
        (PhoneKind.Home2, "HomePhone2"), (PhoneKind.Isdn, "Isdn"), (PhoneKind.Mobile, "MobilePhone"),
        (PhoneKind.OtherFax, "OtherFax"), (PhoneKind.Other, "OtherTelephone"), (PhoneKind.Pager, "Pager"),
        (PhoneKind.Primary, "PrimaryPhone"), (PhoneKind.Radio, "RadioPhone"), (PhoneKind.Telex, "Telex"),
        (PhoneKind.TtyTdd, "TtyTddPhone"),
    ];

    private static readonly string[] AddressParts = ["Street", "City", "State", "CountryOrRegion", "PostalCode"];

    public static IEnumerable<ItemField> ToFields(Contact c)
    {
        yield return ItemField.Uri("item:Sensitivity", "Sensitivity", c.IsPrivate ? "Private" : "Normal");
        yield return ItemField.Uri("item:Body", EwsValues.TextBody(c.Notes));
        yield return ItemField.Uri("item:Categories", EwsValues.Categories(c.Categories));
        yield return ItemField.Extended(Props.DisplayNamePrefix, c.NamePrefix);
        yield return ItemField.Extended(Props.YomiFirstName, c.YomiGivenName);
        yield return ItemField.Extended(Props.YomiLastName, c.YomiSurname);
        yield return ItemField.Extended(Props.YomiCompanyName, c.YomiCompanyName);
        yield return ItemField.Extended(Props.BusinessPoBox, Address(c, AddressKind.Business)?.PostOfficeBox);
        yield return ItemField.Extended(Props.HomePoBox, Address(c, AddressKind.Home)?.PostOfficeBox);
        yield return ItemField.Extended(Props.OtherPoBox, Address(c, AddressKind.Other)?.PostOfficeBox);
        yield return ItemField.Uri("contacts:FileAs", "FileAs", c.FileAs);
        yield return ItemField.Uri("contacts:DisplayName", "DisplayName", c.DisplayName);
        yield return ItemField.Uri("contacts:GivenName", "GivenName", c.GivenName);
        yield return ItemField.Uri("contacts:MiddleName", "MiddleName", c.MiddleName);
        yield return ItemField.Uri("contacts:Nickname", "Nickname", c.Nickname);
        yield return ItemField.Uri("contacts:CompanyName", "CompanyName", c.CompanyName);
        for (var i = 0; i < 3; i++)
        {
            var key = "EmailAddress" + (i + 1);
            var email = i < c.Emails.Count ? c.Emails[i] : null;
            XElement? entry = null;
            if (email is not null && !string.IsNullOrWhiteSpace(email.Address))
            {
                entry = X.T("Entry", new XAttribute("Key", key), email.Address);
                if (!string.IsNullOrEmpty(email.DisplayName)) entry.Add(new XAttribute("Name", email.DisplayName));
            }
            yield return ItemField.Indexed("contacts:EmailAddress", key, entry is null ? null : X.T("EmailAddresses", entry));
        }
        foreach (var kind in new[] { AddressKind.Home, AddressKind.Business, AddressKind.Other })
        {
            var address = Address(c, kind);
            var values = new[] { address?.Street, address?.City, address?.State, address?.Country, address?.PostalCode };
            for (var p = 0; p < AddressParts.Length; p++)
            {
                var value = values[p];
                yield return ItemField.Indexed("contacts:PhysicalAddress:" + AddressParts[p], kind.ToString(),
                    string.IsNullOrEmpty(value) ? null : X.T("PhysicalAddresses", X.T("Entry", new XAttribute("Key", kind.ToString()), X.T(AddressParts[p], value))));
            }
        }
        foreach (var (kind, key) in PhoneKeys)
        {
            var phone = c.Phones.FirstOrDefault(p => p.Kind == kind);
            yield return ItemField.Indexed("contacts:PhoneNumber", key,
                phone is null || string.IsNullOrWhiteSpace(phone.Number) ? null : X.T("PhoneNumbers", X.T("Entry", new XAttribute("Key", key), phone.Number)));
        }
        yield return ItemField.Uri("contacts:AssistantName", "AssistantName", c.AssistantName);
        yield return ItemField.Uri("contacts:Birthday", "Birthday", c.Birthday is { } b ? EwsValues.DateAsDateTime(b) : null);
        yield return ItemField.Uri("contacts:BusinessHomePage", "BusinessHomePage", c.WebPage);
        yield return ItemField.Uri("contacts:Department", "Department", c.Department);
        yield return ItemField.Uri("contacts:Generation", "Generation", c.NameSuffix);
        for (var i = 0; i < 3; i++)
        {
            var key = "ImAddress" + (i + 1);
            var im = i < c.ImAddresses.Count ? c.ImAddresses[i] : null;
            yield return ItemField.Indexed("contacts:ImAddress", key,
                string.IsNullOrWhiteSpace(im) ? null : X.T("ImAddresses", X.T("Entry", new XAttribute("Key", key), im)));
        }
        yield return ItemField.Uri("contacts:JobTitle", "JobTitle", c.JobTitle);
        yield return ItemField.Uri("contacts:Manager", "Manager", c.Manager);
        yield return ItemField.Uri("contacts:OfficeLocation", "OfficeLocation", c.OfficeLocation);
        yield return ItemField.Uri("contacts:PostalAddressIndex", "PostalAddressIndex", c.MailingAddress?.ToString() ?? "None");
        yield return ItemField.Uri("contacts:Profession", "Profession", c.Profession);
        yield return ItemField.Uri("contacts:SpouseName", "SpouseName", c.SpouseName);
        yield return ItemField.Uri("contacts:Surname", "Surname", c.Surname);
        yield return ItemField.Uri("contacts:WeddingAnniversary", "WeddingAnniversary", c.Anniversary is { } a ? EwsValues.DateAsDateTime(a) : null);
    }

    public static Contact FromXml(XElement x)
    {
        var complete = x.TChild("CompleteName");
        var emails = x.TChild("EmailAddresses")?.Elements(Ns.T + "Entry")
            .Where(e => !string.IsNullOrWhiteSpace(e.Value))
            .OrderBy(e => (string?)e.Attribute("Key"), StringComparer.Ordinal)
            .Select(e => new EmailAddress(StripSmtp(e.Value), (string?)e.Attribute("Name")))
            .ToValueList() ?? ValueList<EmailAddress>.Empty;
        var phones = new List<Phone>();
        foreach (var entry in x.TChild("PhoneNumbers")?.Elements(Ns.T + "Entry") ?? [])
        {
            var key = (string?)entry.Attribute("Key");
            var match = PhoneKeys.FirstOrDefault(p => p.Key == key);
            if (match.Key is not null && !string.IsNullOrWhiteSpace(entry.Value)) phones.Add(new Phone(match.Kind, entry.Value));
        }
        var addresses = new List<PostalAddress>();
        foreach (var entry in x.TChild("PhysicalAddresses")?.Elements(Ns.T + "Entry") ?? [])
        {
            if (!Enum.TryParse<AddressKind>((string?)entry.Attribute("Key"), out var kind)) continue;
            var poBox = (kind switch { AddressKind.Business => Props.BusinessPoBox, AddressKind.Home => Props.HomePoBox, _ => Props.OtherPoBox }).ReadFrom(x);
            addresses.Add(new PostalAddress(kind, entry.Text("Street"), entry.Text("City"), entry.Text("State"), entry.Text("PostalCode"), entry.Text("CountryOrRegion"), poBox));
        }
        foreach (var kind in new[] { AddressKind.Business, AddressKind.Home, AddressKind.Other })
        {
            var poBox = (kind switch { AddressKind.Business => Props.BusinessPoBox, AddressKind.Home => Props.HomePoBox, _ => Props.OtherPoBox }).ReadFrom(x);
            if (poBox is not null && addresses.All(a => a.Kind != kind)) addresses.Add(new PostalAddress(kind, PostOfficeBox: poBox));
        }
        var ims = x.TChild("ImAddresses")?.Elements(Ns.T + "Entry")
            .OrderBy(e => (string?)e.Attribute("Key"), StringComparer.Ordinal)
            .Select(e => e.Value).Where(v => !string.IsNullOrWhiteSpace(v)).ToValueList() ?? ValueList<string>.Empty;
        var mailing = x.Text("PostalAddressIndex");
        return new Contact
        {
            Categories = EwsValues.ReadCategories(x),
            IsPrivate = x.Text("Sensitivity") is "Private" or "Confidential",
            Notes = EwsValues.ReadBody(x, out _),
            NamePrefix = Props.DisplayNamePrefix.ReadFrom(x) ?? complete.Text("Title"),
            YomiGivenName = Props.YomiFirstName.ReadFrom(x) ?? complete.Text("YomiFirstName"),
            YomiSurname = Props.YomiLastName.ReadFrom(x) ?? complete.Text("YomiLastName"),
            YomiCompanyName = Props.YomiCompanyName.ReadFrom(x),
            FileAs = x.Text("FileAs"),
            DisplayName = x.Text("DisplayName"),
            GivenName = x.Text("GivenName"),
            MiddleName = x.Text("MiddleName"),
            Nickname = x.Text("Nickname"),
            CompanyName = x.Text("CompanyName"),
            Emails = emails,
            Addresses = addresses.OrderBy(a => a.Kind).ToValueList(),
            Phones = phones.OrderBy(p => p.Kind).ToValueList(), // a dictionary has no order: read it in the model's
            AssistantName = x.Text("AssistantName"),
            Birthday = EwsValues.ParseDate(x.Text("Birthday")),
            WebPage = x.Text("BusinessHomePage"),
            Department = x.Text("Department"),
            NameSuffix = x.Text("Generation") ?? complete.Text("Suffix"),
            ImAddresses = ims,
            JobTitle = x.Text("JobTitle"),
            Manager = x.Text("Manager"),
            OfficeLocation = x.Text("OfficeLocation"),
            MailingAddress = Enum.TryParse<AddressKind>(mailing, out var m) ? m : null,
            Profession = x.Text("Profession"),
            SpouseName = x.Text("SpouseName"),
            Surname = x.Text("Surname"),
            Anniversary = EwsValues.ParseDate(x.Text("WeddingAnniversary")),
        };
    }

    private static PostalAddress? Address(Contact c, AddressKind kind) => c.Addresses.FirstOrDefault(a => a.Kind == kind);

    /// <summary>Exchange may return addresses as "SMTP:x@y"; the model keeps the bare address.</summary>
    private static string StripSmtp(string value) =>
        value.StartsWith("SMTP:", StringComparison.OrdinalIgnoreCase) ? value[5..] : value;
}
