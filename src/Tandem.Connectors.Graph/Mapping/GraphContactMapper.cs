using System.Globalization;
using Tandem.Core.Connectors;
using Tandem.Core.Items;
using GraphContact = Microsoft.Graph.Models.Contact;
using SingleValueLegacyExtendedProperty = Microsoft.Graph.Models.SingleValueLegacyExtendedProperty;
using Contact = Tandem.Core.Items.Contact;
using RemoteItem = Tandem.Core.Connectors.RemoteItem;

namespace Tandem.Connectors.Graph.Mapping;

/// <summary>
/// Contact ↔ Graph's contact. Fields Graph has no property for travel as the MAPI properties Outlook keeps them in
/// (<see cref="ExtendedIds"/>). Every field is written, null ones as null, so a PATCH clears what the group cleared.
/// The photo is not a property of Graph's contact: it is read here as <see cref="Photo.Withheld"/> and filled in, or
/// written, through /contacts/{id}/photo/$value by <see cref="Sessions.GraphPhotos"/>; an update clears the mark of a
/// removed photo (the photo writer sets it again when the picture still has to read as none).
/// </summary>
internal static class GraphContactMapper
{
    private static readonly (AddressKind Kind, string PoBox)[] PoBoxes =
        [(AddressKind.Business, ExtendedIds.BusinessPoBox), (AddressKind.Home, ExtendedIds.HomePoBox), (AddressKind.Other, ExtendedIds.OtherPoBox)];

    public static GraphContact ToGraph(Contact c, ItemStamp? stamp, bool forUpdate)
    {
        var g = new GraphContact
        {
            Title = c.NamePrefix,
            GivenName = c.GivenName,
            MiddleName = c.MiddleName,
            Surname = c.Surname,
            Generation = c.NameSuffix,
            DisplayName = c.DisplayName,
            FileAs = c.FileAs,
            NickName = c.Nickname,
            YomiGivenName = c.YomiGivenName,
            YomiSurname = c.YomiSurname,
            YomiCompanyName = c.YomiCompanyName,
            EmailAddresses = c.Emails.Take(3).Select(e => new Microsoft.Graph.Models.EmailAddress { Address = e.Address, Name = e.DisplayName }).ToList(),
            BusinessPhones = Phones(c, PhoneKind.Business, PhoneKind.Business2),
            HomePhones = Phones(c, PhoneKind.Home, PhoneKind.Home2),
            MobilePhone = Phone(c, PhoneKind.Mobile),
            BusinessAddress = Address(c, AddressKind.Business),
            HomeAddress = Address(c, AddressKind.Home),
            OtherAddress = Address(c, AddressKind.Other),
            CompanyName = c.CompanyName,
            Department = c.Department,
            OfficeLocation = c.OfficeLocation,
            JobTitle = c.JobTitle,
            Profession = c.Profession,
            Manager = c.Manager,
            AssistantName = c.AssistantName,
            Birthday = c.Birthday is { } b ? new DateTimeOffset(b.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
            SpouseName = c.SpouseName,
            BusinessHomePage = c.WebPage,
            ImAddresses = c.ImAddresses.Take(3).ToList(),
            PersonalNotes = c.Notes,
            Categories = c.Categories.ToList(),
        };
        var extended = new List<SingleValueLegacyExtendedProperty>();
        void Add(string id, string? value)
        {
            // A create leaves out what is empty; an update sends it empty, which clears it.
            if (value is not null || forUpdate) extended.Add(new SingleValueLegacyExtendedProperty { Id = id, Value = value ?? "" });
        }

        if (stamp is not null)
        {
            Add(ExtendedIds.StampGroup, stamp.GroupId);
            Add(ExtendedIds.StampLogicalId, stamp.LogicalId);
            Add(ExtendedIds.StampIntent, stamp.IntentKey);
        }

        foreach (var (kind, id) in ExtendedIds.Phones) Add(id, Phone(c, kind));
        foreach (var (kind, id) in PoBoxes) Add(id, c.Addresses.FirstOrDefault(a => a.Kind == kind)?.PostOfficeBox);
        Add(ExtendedIds.Sensitivity, c.IsPrivate ? "2" : "0");
        Add(ExtendedIds.PhotoRemoved, null);
        Add(ExtendedIds.Anniversary, c.Anniversary is { } a ? a.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z" : null);
        Add(ExtendedIds.MailingAddress, c.MailingAddress switch
        {
            AddressKind.Home => "1",
            AddressKind.Business => "2",
            AddressKind.Other => "3",
            _ => forUpdate ? "0" : null,
        });
        g.SingleValueExtendedProperties = extended;
        return g;
    }

    public static RemoteItem ToRemote(GraphContact g)
    {
        var x = ExtendedIds.Values(g.SingleValueExtendedProperties);
        string? X(string id) => x.TryGetValue(id, out var v) && !string.IsNullOrEmpty(v) ? v : null;
        var phones = new List<Core.Items.Phone>();
        AddPhones(phones, g.BusinessPhones, PhoneKind.Business, PhoneKind.Business2);
        AddPhones(phones, g.HomePhones, PhoneKind.Home, PhoneKind.Home2);
        if (Text(g.MobilePhone) is { } mobile) phones.Add(new Core.Items.Phone(PhoneKind.Mobile, mobile));
        foreach (var (kind, id) in ExtendedIds.Phones)
        {
            if (X(id) is { } number) phones.Add(new Core.Items.Phone(kind, number));
        }

        var addresses = new List<Core.Items.PostalAddress>();
        foreach (var (kind, poId) in PoBoxes)
        {
            var a = kind switch { AddressKind.Business => g.BusinessAddress, AddressKind.Home => g.HomeAddress, _ => g.OtherAddress };
            var address = new Core.Items.PostalAddress(kind, Text(a?.Street), Text(a?.City), Text(a?.State), Text(a?.PostalCode), Text(a?.CountryOrRegion), X(poId));
            if (address != new Core.Items.PostalAddress(kind)) addresses.Add(address);
        }

        var contact = new Contact
        {
            NamePrefix = Text(g.Title),
            GivenName = Text(g.GivenName),
            MiddleName = Text(g.MiddleName),
            Surname = Text(g.Surname),
            NameSuffix = Text(g.Generation),
            DisplayName = Text(g.DisplayName),
            FileAs = Text(g.FileAs),
            Nickname = Text(g.NickName),
            YomiGivenName = Text(g.YomiGivenName),
            YomiSurname = Text(g.YomiSurname),
            YomiCompanyName = Text(g.YomiCompanyName),
            // Graph fills an empty name with the address: that is no display name of the contact's own.
            Emails = (g.EmailAddresses ?? []).Where(e => Text(e.Address) is not null)
                .Select(e => new Core.Items.EmailAddress(e.Address!, Text(e.Name) is { } n && n != e.Address ? n : null)).ToValueList(),
            Phones = phones.OrderBy(p => p.Kind).ToValueList(),
            Addresses = addresses.OrderBy(a => a.Kind).ToValueList(),
            MailingAddress = X(ExtendedIds.MailingAddress) switch { "1" => AddressKind.Home, "2" => AddressKind.Business, "3" => AddressKind.Other, _ => null },
            CompanyName = Text(g.CompanyName),
            Department = Text(g.Department),
            OfficeLocation = Text(g.OfficeLocation),
            JobTitle = Text(g.JobTitle),
            Profession = Text(g.Profession),
            Manager = Text(g.Manager),
            AssistantName = Text(g.AssistantName),
            Birthday = Day(g.Birthday),
            Anniversary = X(ExtendedIds.Anniversary) is { } anniversary && DateTimeOffset.TryParse(anniversary, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var ad) ? Day(ad) : null,
            SpouseName = Text(g.SpouseName),
            WebPage = Text(g.BusinessHomePage),
            ImAddresses = (g.ImAddresses ?? []).Select(Text).OfType<string>().ToValueList(),
            Notes = Text(g.PersonalNotes),
            IsPrivate = X(ExtendedIds.Sensitivity) is "2" or "3",
            Categories = (g.Categories ?? []).Select(Text).OfType<string>().ToValueList(),
            // Whether the contact has one is unknown without another request: withheld, never "no photo".
            Photo = Photo.Withheld(),
        };
        return new RemoteItem(g.Id!, g.ChangeKey ?? "", contact, ExtendedIds.StampOf(x), g.LastModifiedDateTime);
    }

    /// <summary>Outlook stores a date as midnight somewhere: the nearest day of the UTC instant is the day that was meant.</summary>
    private static DateOnly? Day(DateTimeOffset? value) =>
        value is { } v ? DateOnly.FromDateTime(v.UtcDateTime.AddHours(12).Date) : null;

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string? Phone(Contact c, PhoneKind kind) => c.Phones.FirstOrDefault(p => p.Kind == kind)?.Number;

    private static List<string> Phones(Contact c, PhoneKind first, PhoneKind second) =>
        new[] { Phone(c, first), Phone(c, second) }.OfType<string>().ToList();

    private static void AddPhones(List<Core.Items.Phone> phones, List<string>? values, PhoneKind first, PhoneKind second)
    {
        var list = (values ?? []).Select(Text).OfType<string>().ToList();
        if (list.Count > 0) phones.Add(new Core.Items.Phone(first, list[0]));
        if (list.Count > 1) phones.Add(new Core.Items.Phone(second, list[1]));
    }

    private static Microsoft.Graph.Models.PhysicalAddress Address(Contact c, AddressKind kind)
    {
        var a = c.Addresses.FirstOrDefault(x => x.Kind == kind);
        return new Microsoft.Graph.Models.PhysicalAddress { Street = a?.Street, City = a?.City, State = a?.State, PostalCode = a?.PostalCode, CountryOrRegion = a?.Country };
    }
}
