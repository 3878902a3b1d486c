using System.Globalization;

namespace Tandem.Testing.Ews;

/// <summary>Numbered contacts as EWS &lt;t:Contact&gt; XML, for seeding the lab the way another client would (tests and benches).</summary>
public static class LabContacts
{
    public static string Xml(int i)
    {
        var given = "Given" + i.ToString("D5", CultureInfo.InvariantCulture);
        var surname = "Bench" + (i % 97).ToString("D2", CultureInfo.InvariantCulture);
        return $"<t:Contact><t:FileAs>{surname}, {given}</t:FileAs><t:DisplayName>{given} {surname}</t:DisplayName><t:GivenName>{given}</t:GivenName>"
            + $"<t:CompanyName>Contoso</t:CompanyName><t:EmailAddresses><t:Entry Key=\"EmailAddress1\">{given.ToLowerInvariant()}@contoso.com</t:Entry></t:EmailAddresses>"
            + $"<t:PhoneNumbers><t:Entry Key=\"BusinessPhone\">+1 425 555 {i % 10000:D4}</t:Entry></t:PhoneNumbers><t:JobTitle>Engineer {i % 13}</t:JobTitle><t:Surname>{surname}</t:Surname></t:Contact>";
    }
}
