using System.Text;
using Tandem.Core.Items;
using Tandem.Formats.VCard;
using Tandem.Testing;
using Xunit.Abstractions;

namespace Tandem.Formats.Tests.VCard;

/// <summary>
/// Every singular property, as a class: a card holding it once, twice or three times (the first maybe empty), read,
/// written and read again keeps its content; and with the model's value cleared (an edit from another member), the
/// cleared field stays cleared — a second value kept among the extras never comes back as the value.
/// </summary>
public sealed class VCardSingularPropertyTests(ITestOutputHelper output)
{
    private sealed record Singular(string Name, string[] Values, Func<Contact, Contact> Clear);

    private static readonly Singular[] Singulars =
    [
        new("FN", ["Ann Example", "Bob Example"], c => c with { DisplayName = null }),
        new("NICKNAME", ["Annie", "Bobby"], c => c with { Nickname = null }),
        new("X-EVOLUTION-FILE-AS", ["Example, Ann", "Other, Bob"], c => c with { FileAs = null }),
        new("X-TANDEM-FILE-AS", ["File One", "File Two"], c => c with { FileAs = null }),
        new("X-PHONETIC-FIRST-NAME", ["An", "Bo"], c => c with { YomiGivenName = null }),
        new("X-PHONETIC-LAST-NAME", ["Ek", "Oth"], c => c with { YomiSurname = null }),
        new("X-PHONETIC-ORG", ["Kon", "Fab"], c => c with { YomiCompanyName = null }),
        new("ORG", ["Contoso;Sales", "Fabrikam", ";Research"], c => c with { CompanyName = null, Department = null }),
        new("TITLE", ["Director", "Clerk"], c => c with { JobTitle = null }),
        new("ROLE", ["Economist", "Engineer"], c => c with { Profession = null }),
        new("X-TANDEM-OFFICE", ["HQ 1", "HQ 2"], c => c with { OfficeLocation = null }),
        new("BDAY", ["1980-01-02", "19900304"], c => c with { Birthday = null }),
        new("ANNIVERSARY", ["2001-05-06", "20100708"], c => c with { Anniversary = null }),
        new("X-ANNIVERSARY", ["2002-05-06", "2011-07-08"], c => c with { Anniversary = null }),
        new("X-MS-MANAGER", ["Boss One", "Boss Two"], c => c with { Manager = null }),
        new("X-MANAGER", ["Chief One", "Chief Two"], c => c with { Manager = null }),
        new("X-MS-ASSISTANT", ["Help One", "Help Two"], c => c with { AssistantName = null }),
        new("X-MS-SPOUSE", ["Partner One", "Partner Two"], c => c with { SpouseName = null }),
        new("URL", ["https://one.example", "https://two.example"], c => c with { WebPage = null }),
        new("NOTE", ["first note", "second note"], c => c with { Notes = null }),
        new("PHOTO;ENCODING=b;TYPE=PNG", ["iVBORw0KGgo=", "iVBORw0KGgoAAAA="], c => c with { Photo = null }),
    ];

    public static TheoryData<VCardVersion> Versions => new() { VCardVersion.V21, VCardVersion.V30, VCardVersion.V40 };

    [Fact]
    public void Table_CoversEverySingularPropertyTheWriterKnows()
    {
        // a singular property added to the codec must be added here too, so the property below checks it
        var tested = Singulars.Select(s => s.Name.Split(';')[0]).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var untested = VCardSingulars.Names.Where(n => !tested.Contains(n) && n is not ("UID" or "X-PHONETIC-ORGANIZATION" or "X-EVOLUTION-ANNIVERSARY"
            or "X-MS-ANNIVERSARY" or "X-EVOLUTION-MANAGER" or "X-KADDRESSBOOK-X-MANAGERSNAME" or "X-ASSISTANT" or "X-EVOLUTION-ASSISTANT"
            or "X-KADDRESSBOOK-X-ASSISTANTSNAME" or "X-SPOUSE" or "X-EVOLUTION-SPOUSE" or "X-KADDRESSBOOK-X-SPOUSENAME")).ToList();
        Assert.Empty(untested);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void ReadWriteRead_DuplicatedSingularProperties_StableAndClearsStayCleared(VCardVersion version)
    {
        var seed = TestSeed.Announce(output);
        var random = new Random(seed);
        for (var n = 0; n < 400; n++)
        {
            var chosen = Singulars.Where(_ => random.Next(3) == 0).DefaultIfEmpty(Singulars[random.Next(Singulars.Length)]).ToList();
            var card = Card(chosen, random);
            var first = Assert.Single(VCardCodec.ReadAll(card, "dup.vcf"));

            AssertStable(first, version, $"seed {seed}, card {n}, {version}, as read:\n{card}");
            foreach (var singular in chosen)
            {
                var cleared = singular.Clear(first);
                AssertStable(cleared, version, $"seed {seed}, card {n}, {version}, {singular.Name} cleared:\n{card}");
            }
        }
    }

    private static void AssertStable(Contact contact, VCardVersion version, string what)
    {
        var written = VCardCodec.Write(contact, version);
        var again = Assert.Single(VCardCodec.ReadAll(written, "again.vcf"));
        var expected = ItemJson.Serialize(ItemNormalizer.Normalize(contact));
        var actual = ItemJson.Serialize(ItemNormalizer.Normalize(again));
        if (expected != actual) Assert.Fail($"{what}\nwritten:\n{written}\nexpected {expected}\nactual   {actual}");
    }

    private static string Card(IReadOnlyList<Singular> chosen, Random random)
    {
        var sb = new StringBuilder("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Example;Ann;;;\r\n");
        foreach (var singular in chosen)
        {
            var count = random.Next(1, 4);
            for (var i = 0; i < count; i++)
            {
                // the first occurrence is sometimes empty: the case that used to let the second one take its place
                var value = i == 0 && random.Next(3) == 0 ? "" : singular.Values[random.Next(singular.Values.Length)];
                sb.Append(singular.Name).Append(':').Append(value).Append("\r\n");
            }
        }
        return sb.Append("END:VCARD\r\n").ToString();
    }
}
