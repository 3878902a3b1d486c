using Tandem.Core.Items;
using Tandem.Formats.VCard;

namespace Tandem.Formats.Tests.VCard;

/// <summary>The RFC examples and hand-written exports in the spirit of Outlook, Apple, Google and Evolution.</summary>
public sealed class VCardCorpusTests
{
    private static Contact Single(string file)
    {
        var contacts = VCardCodec.ReadAll(File.ReadAllBytes(VCardTestFiles.Corpus(file)), file);
        return Assert.Single(contacts);
    }

    [Fact]
    public void ReadAll_Rfc6350Example_MapsNameDatesPhonesAndKeepsUnknowns()
    {
        var c = Single("rfc6350-example.vcf");

        Assert.Equal(("Simon", "Perreault", "ing. jr,M.Sc."), (c.GivenName, c.Surname, c.NameSuffix));
        Assert.Equal("Simon Perreault", c.DisplayName);
        Assert.Equal("Viagenie", c.CompanyName);
        Assert.Equal(new DateOnly(VCardDates.NoYear, 2, 3), c.Birthday);
        Assert.Equal(new DateOnly(2009, 8, 8), c.Anniversary);
        Assert.Equal([new Phone(PhoneKind.Business, "+1-418-656-9254;ext=102"), new Phone(PhoneKind.Mobile, "+1-418-262-6501")], c.Phones);
        var adr = Assert.Single(c.Addresses);
        Assert.Equal((AddressKind.Business, "Quebec", "QC", "G1V 2M2", "Canada"), (adr.Kind, adr.City, adr.State, adr.PostalCode, adr.Country));
        Assert.Contains("2875 Laurier", adr.Street, StringComparison.Ordinal);
        Assert.Equal("simon.perreault@viagenie.ca", Assert.Single(c.Emails).Address);
        Assert.Equal("http://nomis80.org", c.WebPage);
        // The ADR's extended address is kept as it came, beside the street it is also merged into.
        Assert.Equal(["GENDER", "LANG", "LANG", "GEO", "KEY", "TZ", "X-TANDEM-KEPT-ADR-Business"], c.Extras.Select(e => e.Name));
        Assert.Equal("KEY;TYPE=work;VALUE=uri:http://www.viagenie.ca/simon.perreault/simon.asc", c.Extras[4].Line);
    }

    [Fact]
    public void ReadAll_Rfc2426Examples_ReadsBothCardsWithFoldedAddresses()
    {
        var contacts = VCardCodec.ReadAll(File.ReadAllBytes(VCardTestFiles.Corpus("rfc2426-examples.vcf")));

        Assert.Equal(["Frank Dawson", "Tim Howes"], contacts.Select(c => c.DisplayName));
        var frank = contacts[0];
        Assert.Equal(["Frank_Dawson@Lotus.com", "fdawson@earthlink.net"], frank.Emails.Select(e => e.Address));
        Assert.Equal([PhoneKind.Business, PhoneKind.BusinessFax], frank.Phones.Select(p => p.Kind));
        Assert.Equal(new PostalAddress(AddressKind.Business, "6544 Battleford Drive", "Raleigh", "NC", "27613-3502", "U.S.A."), frank.Addresses[0]);
        Assert.Equal("Mountain View", contacts[1].Addresses[0].City);
        Assert.Equal("Lotus Development Corporation", frank.CompanyName);
    }

    [Fact]
    public void ReadAll_Rfc2426PropertyExamples_UnescapesAndDropsNoise()
    {
        var c = Single("rfc2426-properties.vcf");

        Assert.Equal(("Mr.", "John", "Quinlan", "Public", "Esq."), (c.NamePrefix, c.GivenName, c.MiddleName, c.Surname, c.NameSuffix));
        Assert.Equal("Mr. John Q. Public, Esq.", c.DisplayName);
        Assert.Equal("Director, Research and Development", c.JobTitle);
        Assert.Equal("Programmer", c.Profession);
        Assert.Equal("ABC, Inc.", c.CompanyName);
        Assert.Equal("North American Division; Marketing", c.Department);
        Assert.Equal("This fax number is operational 0800 to 1715 EST, Mon-Fri.", c.Notes);
        Assert.Equal(new DateOnly(1996, 4, 15), c.Birthday);
        Assert.Equal("19950401-080045-40000F192713-0052", c.Uid);
        Assert.Equal(["TRAVEL AGENT"], c.Categories);
        Assert.False(c.IsPrivate);
        Assert.Equal("Robbie", c.Nickname);
        // LABEL is a formatted copy of ADR; PRODID and REV are noise; MAILER, TZ, GEO, SORT-STRING are kept.
        // ORG has two units: they are kept as they came, beside the joined department.
        Assert.Equal(["MAILER", "TZ", "GEO", "SORT-STRING", "X-TANDEM-KEPT-ORG"], c.Extras.Select(e => e.Name));
    }

    [Fact]
    public void ReadAll_OutlookWindows1252QuotedPrintable_DecodesEveryField()
    {
        var c = Single("outlook-21-windows1252.vcf");

        Assert.Equal(("Jörg", "Müller", "Dr."), (c.GivenName, c.Surname, c.NamePrefix));
        Assert.Equal("Dr. Jörg Müller", c.DisplayName);
        Assert.Equal(("Großhandel GmbH", "Einkäufe"), (c.CompanyName, c.Department));
        Assert.Equal("Erste Zeile\nZweite Zeile mit € und einem sehr langen Text, der umbrochen wird\nDritte Zeile", c.Notes);
        Assert.Equal(
            [PhoneKind.Business, PhoneKind.Home, PhoneKind.Mobile, PhoneKind.BusinessFax, PhoneKind.Pager, PhoneKind.Car, PhoneKind.Isdn],
            c.Phones.Select(p => p.Kind));
        Assert.Equal("Straße 1", c.Addresses.Single(a => a.Kind == AddressKind.Business).Street);
        Assert.Equal(AddressKind.Business, c.MailingAddress);
        Assert.Equal(("Frau Schröder", "Anna", "Maria"), (c.Manager, c.AssistantName, c.SpouseName));
        Assert.Equal((new DateOnly(1970, 1, 31), new DateOnly(1998, 6, 12)), (c.Birthday!.Value, c.Anniversary!.Value));
        Assert.Equal(["joerg@im.example.de"], c.ImAddresses);
        Assert.Equal(["joerg.mueller@example.de", "jm@privat.example"], c.Emails.Select(e => e.Address));
        Assert.True(c.IsPrivate);
        Assert.Equal("image/jpeg", c.Photo!.MediaType);
        Assert.Equal(0xFF, Convert.FromBase64String(c.Photo.Data)[0]);
        Assert.Equal("X-MS-OL-DESIGN", Assert.Single(c.Extras).Name);
    }

    [Fact]
    public void ReadAll_OutlookUtf8WithBom_DecodesQuotedPrintableUtf8()
    {
        var c = Single("outlook-21-utf8.vcf");

        Assert.Equal(("太郎", "山田"), (c.GivenName, c.Surname));
        Assert.Equal(("Taro", "Yamada"), (c.YomiGivenName, c.YomiSurname));
        Assert.Equal("Café € 5\n2. Zeile= gleich", c.Notes);
        Assert.Equal(["Kunden", "VIP"], c.Categories);
    }

    [Fact]
    public void ReadAll_AppleGroups_UsesLabelsForKindsDatesAndRelatedNames()
    {
        var c = Single("apple-30-groups.vcf");

        Assert.Equal(
            [new Phone(PhoneKind.Mobile, "(408) 555-0100"), new Phone(PhoneKind.Assistant, "(408) 555-0102"), new Phone(PhoneKind.Radio, "(408) 555-0103"), new Phone(PhoneKind.HomeFax, "(408) 555-0104")],
            c.Phones);
        Assert.Equal(new DateOnly(2004, 6, 12), c.Anniversary);
        Assert.Equal(new DateOnly(VCardDates.NoYear, 4, 15), c.Birthday);
        Assert.Equal(("Jane Appleseed", "Tim"), (c.SpouseName, c.Manager));
        Assert.Equal(AddressKind.Home, c.MailingAddress);
        Assert.Equal(["aim:johnnyapple"], c.ImAddresses);
        Assert.Equal("Line one\nLine two, with comma; and semicolon", c.Notes);
        Assert.Equal("https://www.apple.example", c.WebPage);
        Assert.NotNull(c.Photo);
        // A second mobile has no Outlook slot; a brother has no field; both stay, with the brother's label.
        Assert.Contains(c.Extras, e => e.Line == "TEL;TYPE=IPHONE;TYPE=CELL;TYPE=VOICE:(408) 555-0101");
        Assert.Contains(c.Extras, e => e.Line == "item8.X-ABRELATEDNAMES:Max");
        Assert.Contains(c.Extras, e => e.Line == "item8.X-ABLABEL:_$!<Brother>!$_");
        Assert.DoesNotContain(c.Extras, e => e.Line.StartsWith("item2.", StringComparison.Ordinal));
    }

    [Fact]
    public void ReadAll_GoogleExport_FillsSecondBusinessSlotAndKeepsFourthEmail()
    {
        var c = Single("google-30.vcf");

        Assert.Equal([PhoneKind.Mobile, PhoneKind.Business, PhoneKind.Business2, PhoneKind.Primary, PhoneKind.Other], c.Phones.Select(p => p.Kind));
        Assert.Equal(3, c.Emails.Count);
        Assert.Equal("EMAIL;TYPE=INTERNET:fourth@example.org", Assert.Single(c.Extras).Line);
        Assert.Equal(new DateOnly(1930, 6, 15), c.Anniversary);
        Assert.Equal("https://grace.example.org", c.WebPage);
        Assert.Equal(["myContacts", "starred"], c.Categories);
        Assert.Equal("Rear Admiral", c.NamePrefix);
    }

    [Fact]
    public void ReadAll_EvolutionExport_MapsEvolutionProperties()
    {
        var c = Single("evolution-30.vcf");

        Assert.Equal("Torvalds, Linus", c.FileAs);
        Assert.Equal([PhoneKind.Callback, PhoneKind.Company, PhoneKind.TtyTdd, PhoneKind.Primary], c.Phones.Select(p => p.Kind));
        Assert.Equal(("Andrew", "Greg", "Tove"), (c.Manager, c.AssistantName, c.SpouseName));
        Assert.Equal(new DateOnly(1996, 10, 15), c.Anniversary);
        Assert.Equal(["xmpp:linus@jabber.example"], c.ImAddresses);
        Assert.Equal("pas-id-5D1A2B3C00000001", c.Uid);
    }

    [Fact]
    public void ReadAll_VCard40_ReadsDataUriPhotoRelatedSpouseAndEmailDisplayName()
    {
        var c = Single("vcard40-datauri.vcf");

        Assert.Equal("image/png", c.Photo!.MediaType);
        Assert.Equal(0x89, Convert.FromBase64String(c.Photo.Data)[0]);
        Assert.Equal("William King", c.SpouseName);
        Assert.Equal(new EmailAddress("ada@engine.example", "Lovelace, Ada"), Assert.Single(c.Emails));
        Assert.Equal(new DateOnly(VCardDates.NoYear, 7, 8), c.Anniversary);
        Assert.Equal("+44-20-7946-0958", c.Phones[0].Number);
        Assert.True(c.IsPrivate);
        Assert.Equal("RELATED", Assert.Single(c.Extras).Name);
    }

    [Fact]
    public void ReadEach_MixedFile_QuarantinesBadCardsAndKeepsGoodOnes()
    {
        var results = VCardCodec.ReadEach(File.ReadAllBytes(VCardTestFiles.Corpus("quarantine-mixed.vcf")), "mixed.vcf");

        Assert.Equal(4, results.Count);
        Assert.Equal(["Good One", null, "Good Two", null], results.Select(r => r.Value?.DisplayName));
        Assert.Equal(9, results[1].Error!.Line);
        Assert.Equal("mixed.vcf", results[1].Error!.FileName);
        Assert.Contains("missing END:VCARD", results[3].Error!.Reason, StringComparison.Ordinal);
        Assert.Equal(16, results[3].Error!.Line);
    }

    [Fact]
    public void ReadAll_MixedFile_ThrowsTheFirstError()
    {
        var ex = Assert.Throws<FormatParseException>(() => VCardCodec.ReadAll(File.ReadAllBytes(VCardTestFiles.Corpus("quarantine-mixed.vcf")), "mixed.vcf"));

        Assert.Equal(9, ex.Line);
        Assert.StartsWith("mixed.vcf:9: ", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(VCardVersion.V21)]
    [InlineData(VCardVersion.V30)]
    [InlineData(VCardVersion.V40)]
    public void WriteThenRead_EveryCorpusContact_KeepsModelAndExtras(VCardVersion version)
    {
        foreach (var file in VCardTestFiles.AllCorpusFiles())
        {
            foreach (var result in VCardCodec.ReadEach(File.ReadAllBytes(file)).Where(r => r.IsOk))
            {
                var original = result.Value!;
                var again = Assert.Single(VCardCodec.ReadAll(VCardCodec.Write(original, version)));

                Assert.True(ItemNormalizer.Normalize(original) == ItemNormalizer.Normalize(again), $"{Path.GetFileName(file)} {original.Title} {version}");
                Assert.Equal(original.Extras.Select(e => e.Name), again.Extras.Select(e => e.Name));
                Assert.Equal(original.Uid, again.Uid);
            }
        }
    }
}
