using Tandem.Core.Items;

namespace Tandem.Formats.VCard;

/// <summary>
/// The singular properties of a card (one value in the model) by every name a reader takes them from. A second value of
/// one is kept among the extras; written back after the model's own line it stays second. But when the model's value is
/// empty the model writes no line, and the kept second value would be read back as the first: an edit that clears a
/// field would be undone by the next read. So a kept value of a singular property is written only while the model has
/// the property; cleared, the kept values go with it.
/// </summary>
internal static class VCardSingulars
{
    private static readonly (string[] Names, Func<Contact, bool> IsEmpty)[] Table =
    [
        (["FN"], c => c.DisplayName is null),
        (["NICKNAME"], c => c.Nickname is null),
        (["X-EVOLUTION-FILE-AS", "X-TANDEM-FILE-AS"], c => c.FileAs is null),
        (["X-PHONETIC-FIRST-NAME"], c => c.YomiGivenName is null),
        (["X-PHONETIC-LAST-NAME"], c => c.YomiSurname is null),
        (["X-PHONETIC-ORG", "X-PHONETIC-ORGANIZATION"], c => c.YomiCompanyName is null),
        (["ORG"], c => c.CompanyName is null && c.Department is null),
        (["TITLE"], c => c.JobTitle is null),
        (["ROLE"], c => c.Profession is null),
        (["X-TANDEM-OFFICE"], c => c.OfficeLocation is null),
        (["BDAY"], c => c.Birthday is null),
        (["ANNIVERSARY", "X-ANNIVERSARY", "X-MS-ANNIVERSARY", "X-EVOLUTION-ANNIVERSARY"], c => c.Anniversary is null),
        (["X-MS-MANAGER", "X-MANAGER", "X-EVOLUTION-MANAGER", "X-KADDRESSBOOK-X-MANAGERSNAME"], c => c.Manager is null),
        (["X-MS-ASSISTANT", "X-ASSISTANT", "X-EVOLUTION-ASSISTANT", "X-KADDRESSBOOK-X-ASSISTANTSNAME"], c => c.AssistantName is null),
        (["X-MS-SPOUSE", "X-SPOUSE", "X-EVOLUTION-SPOUSE", "X-KADDRESSBOOK-X-SPOUSENAME"], c => c.SpouseName is null),
        (["URL"], c => c.WebPage is null),
        (["NOTE"], c => c.Notes is null),
        (["UID"], c => c.Uid is null),
        (["PHOTO"], c => c.Photo is null),
    ];

    private static readonly Dictionary<string, Func<Contact, bool>> ByName = Table
        .SelectMany(row => row.Names.Select(name => (name, row.IsEmpty)))
        .ToDictionary(x => x.name, x => x.IsEmpty, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every name the table knows, for tests that go over each one.</summary>
    public static IEnumerable<string> Names => ByName.Keys;

    /// <summary>Whether <paramref name="extra"/> is a kept value of a singular property that <paramref name="contact"/> no longer has.</summary>
    public static bool IsOrphaned(Contact contact, ExtraProperty extra)
    {
        if (ByName.TryGetValue(extra.Name, out var isEmpty)) return isEmpty(contact);
        // a RELATED of type spouse is read as the spouse's name; other relations are not the model's
        return string.Equals(extra.Name, "RELATED", StringComparison.OrdinalIgnoreCase)
            && extra.Line.Contains("spouse", StringComparison.OrdinalIgnoreCase) && contact.SpouseName is null;
    }
}
