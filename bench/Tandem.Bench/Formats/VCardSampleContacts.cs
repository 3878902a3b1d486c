using Tandem.Core.Items;

namespace Tandem.Bench.Formats;

/// <summary>
/// A deterministic address book shaped like a company's Outlook contacts folder: full names, company data, two
/// e-mails, three phones, one or two addresses, a short note, categories; every tenth contact has non-ASCII text.
/// </summary>
internal static class VCardSampleContacts
{
    private static readonly string[] Given = ["Anna", "Jörg", "María", "Li", "Oliver", "Fatima", "Kenji", "Sophie", "Lars", "Amélie"];
    private static readonly string[] Family = ["Müller", "Smith", "García", "Wang", "Novak", "Haddad", "Tanaka", "Dubois", "Berg", "Rossi"];

    public static List<Contact> Create(int count)
    {
        var random = new Random(42);
        var contacts = new List<Contact>(count);
        for (var i = 0; i < count; i++)
        {
            var given = Given[random.Next(Given.Length)];
            var family = Family[random.Next(Family.Length)];
            var local = $"{given}.{family}{i}".ToLowerInvariant();
            contacts.Add(new Contact
            {
                Uid = $"{i:D8}-7d3c-4c1e-9f00-{random.Next():x12}",
                GivenName = given,
                Surname = family,
                DisplayName = $"{given} {family}",
                FileAs = $"{family}, {given}",
                CompanyName = $"Contoso {(char)('A' + random.Next(26))} GmbH",
                Department = "Sales; EMEA",
                JobTitle = "Account Manager",
                Emails = ValueList<EmailAddress>.Of(
                    new EmailAddress($"{local}@contoso.example", $"{given} {family}"),
                    new EmailAddress($"{local}@home.example")),
                Phones = ValueList<Phone>.Of(
                    new Phone(PhoneKind.Business, $"+49 89 {random.Next(1000000, 9999999)}"),
                    new Phone(PhoneKind.Mobile, $"+49 170 {random.Next(1000000, 9999999)}"),
                    new Phone(PhoneKind.BusinessFax, $"+49 89 {random.Next(1000000, 9999999)}-99")),
                Addresses = random.Next(2) == 0
                    ? ValueList<PostalAddress>.Of(new PostalAddress(AddressKind.Business, $"Leopoldstraße {random.Next(1, 200)}", "München", "BY", "80802", "Deutschland"))
                    : ValueList<PostalAddress>.Of(
                        new PostalAddress(AddressKind.Business, $"{random.Next(1, 999)} Main Street", "Springfield", "IL", "62701", "USA"),
                        new PostalAddress(AddressKind.Home, $"{random.Next(1, 99)} Elm Road", "Springfield", "IL", "62704", "USA")),
                MailingAddress = AddressKind.Business,
                Birthday = new DateOnly(1950 + random.Next(50), random.Next(1, 13), random.Next(1, 29)),
                WebPage = "https://www.contoso.example",
                Notes = i % 10 == 0 ? "Met at the trade fair; prefers e-mail.\nFollow up in Q3 — très important." : "Customer since 2019, key account.",
                Categories = ValueList<string>.Of("Customers", i % 3 == 0 ? "VIP" : "Partners"),
            });
        }
        return contacts;
    }
}
