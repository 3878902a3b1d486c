using System.Globalization;
using Tandem.Core.Items;

namespace Tandem.Bench.Engine;

/// <summary>Realistically filled contacts (name, company, two phones, address, e-mail) for engine benchmarks.</summary>
internal static class SampleContacts
{
    private static readonly string[] Given = ["Anna", "Bruno", "Chiara", "Dmitri", "Elif", "Farid", "Grete", "Hiro", "Ines", "Jonas"];
    private static readonly string[] Surnames = ["Keller", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quinn", "Rossi", "Schmidt", "Tanaka"];
    private static readonly string[] Companies = ["Contoso", "Fabrikam", "Northwind Traders", "Adventure Works", "Tailspin Toys"];

    public static Contact Create(int i)
    {
        var given = Given[i % Given.Length];
        var surname = Surnames[i / Given.Length % Surnames.Length] + i.ToString(CultureInfo.InvariantCulture);
        return new Contact
        {
            GivenName = given,
            Surname = surname,
            DisplayName = $"{given} {surname}",
            CompanyName = Companies[i % Companies.Length],
            JobTitle = "Account Manager",
            Department = "Sales",
            Emails = ValueList<EmailAddress>.Of(new EmailAddress($"{given}.{surname}@example.com".ToLowerInvariant())),
            Phones = ValueList<Phone>.Of(new Phone(PhoneKind.Business, $"+49 30 {i:D7}"), new Phone(PhoneKind.Mobile, $"+49 170 {i:D7}")),
            Addresses = ValueList<PostalAddress>.Of(new PostalAddress(AddressKind.Business, $"{i % 200 + 1} Market Street", "Berlin", null, "10115", "Germany")),
            Categories = ValueList<string>.Of("Company"),
        };
    }
}
