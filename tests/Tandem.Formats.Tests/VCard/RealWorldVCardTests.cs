using System.Text.Json;
using Tandem.Core.Items;
using Tandem.Formats.VCard;
using Tandem.Testing.Python;

namespace Tandem.Formats.Tests.VCard;

/// <summary>
/// The defect classes of issue 14 on the vCard side, on our own corpus files: the ADR extended address and ORG
/// units after the first written back as they came, KAddressBook's odd property names kept, damaged UTF-8
/// decided per value. The written-back files are checked by python3-vobject as well.
/// </summary>
public sealed class RealWorldVCardTests
{
    private static List<Contact> Read(string name) => VCardCodec.ReadAll(File.ReadAllBytes(VCardTestFiles.Corpus(name)), name).ToList();

    [Fact]
    public void ReadAll_ExtendedAddressAndOrgUnits_MappedForOutlookAndWrittenBackAsTheyCame()
    {
        var maja = Read("kaddressbook_extended.vcf")[0];
        Assert.Equal("Operations; Port Logistics", maja.Department);
        Assert.Equal("Building 7, Gate B\nHamnvägen 12", maja.Addresses.Single(a => a.Kind == AddressKind.Business).Street);

        var written = Unfolded(VCardCodec.Write(maja));
        Assert.Contains("ORG:Nordvik Shipping AB;Operations;Port Logistics\r\n", written, StringComparison.Ordinal);
        Assert.Contains(@":;Building 7\, Gate B;Hamnvägen 12;Göteborg;;417 64;Sweden", written, StringComparison.Ordinal);
        Assert.Contains(@":;c/o Berg;Storgatan 3;Lerum;;443 30;Sweden", written, StringComparison.Ordinal);
        Assert.DoesNotContain("X-TANDEM-KEPT", written, StringComparison.Ordinal);
        Assert.Equal(ItemNormalizer.Normalize(maja), ItemNormalizer.Normalize(Assert.Single(VCardCodec.ReadAll(written))));
    }

    [Fact]
    public void Write_FieldsEditedElsewhere_WriteTheEditNotTheKeptComponents()
    {
        var maja = Read("kaddressbook_extended.vcf")[0];
        var moved = maja with
        {
            Department = "Finance",
            Addresses = maja.Addresses.Select(a => a.Kind == AddressKind.Business ? a with { Street = "Kajen 1" } : a).ToValueList(),
        };
        var written = Unfolded(VCardCodec.Write(moved));
        Assert.Contains("ORG:Nordvik Shipping AB;Finance\r\n", written, StringComparison.Ordinal);
        Assert.Contains(":;;Kajen 1;Göteborg;;417 64;Sweden", written, StringComparison.Ordinal);
        Assert.Contains(@":;c/o Berg;Storgatan 3;Lerum;;443 30;Sweden", written, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAll_KAddressBookMessagingNames_KeptAsExtrasAndWrittenBack()
    {
        var cards = Read("kaddressbook_extended.vcf");
        Assert.Equal(2, cards.Count);
        // Names are case-insensitive: they come back upper-cased, as every name Tandem reads.
        Assert.Contains(cards[0].Extras, e => e.Line == "X-MESSAGING/AIM-ALL:maja.nordvik");
        Assert.Contains(cards[1].Extras, e => e.Line == "X-MESSAGING/SKYPE-ALL:chidi.okafor.md");
        Assert.Contains("\r\nX-MESSAGING/XMPP-ALL:maja@chat.nordvik.example\r\n", Unfolded(VCardCodec.Write(cards[0])), StringComparison.Ordinal);
        Assert.Equal("Cardiology; Research Unit; Imaging", cards[1].Department);
    }

    [Fact]
    public void ReadEach_OddPropertyNames_OneNotePerCardNamingThemAndTheFile()
    {
        var results = VCardCodec.ReadEach(File.ReadAllBytes(VCardTestFiles.Corpus("kaddressbook_extended.vcf")), "/srv/shared/kaddressbook_extended.vcf");
        Assert.Equal(2, results.Count);
        var maja = results[0].Note!;
        Assert.StartsWith("kaddressbook_extended.vcf: 'Maja Lindqvist' kept as it came: ", maja, StringComparison.Ordinal);
        Assert.Contains("X-MESSAGING/AIM-ALL", maja, StringComparison.Ordinal);
        Assert.Contains("X-MESSAGING/XMPP-ALL", maja, StringComparison.Ordinal);
        Assert.DoesNotContain("X-KADDRESSBOOK-X-PROFESSION", maja, StringComparison.Ordinal); // a valid X- name is nothing odd
        Assert.Contains("X-MESSAGING/SKYPE-ALL", results[1].Note, StringComparison.Ordinal);
        Assert.All(VCardCodec.ReadEach(File.ReadAllBytes(VCardTestFiles.Corpus("google-30.vcf"))), r => Assert.Null(r.Note));
    }

    [Fact]
    public void ReadAll_FewDamagedUtf8Bytes_DecidedPerValue()
    {
        var cards = Read("thunderbird_damaged_utf8.vcf");
        Assert.Equal("Анна Иванова", cards[0].DisplayName);
        Assert.Equal("Альфа-Тех", cards[0].CompanyName);
        // The one stray Windows-1252 byte is read as that; the Cyrillic around it stays Cyrillic.
        Assert.Equal("Встреча в café на Невском пр.", cards[0].Notes);
        Assert.Equal("Διευθυντής – Πωλήσεις", cards[1].JobTitle);
        Assert.Equal("Νίκος Παπαδόπουλος", cards[1].DisplayName);
        // A card that is Windows-1252 throughout is read as Windows-1252.
        Assert.Equal("Jürgen Müller", cards[2].DisplayName);
    }

    [SkippableFact]
    public void WrittenBack_ReadByVobject_SameOrgAndAddressComponentsAsTheOriginal()
    {
        var original = VCardTestFiles.Corpus("kaddressbook_extended.vcf");
        var dir = Directory.CreateTempSubdirectory("tandem-vcard-kept-");
        try
        {
            var rewritten = Path.Combine(dir.FullName, "rewritten.vcf");
            File.WriteAllText(rewritten, VCardCodec.WriteAll(VCardCodec.ReadAll(File.ReadAllBytes(original))));
            var oracle = PythonOracle.Require("vobject").Run(VCardTestFiles.Python("vcard_fields.py"), null, original, rewritten).Json();
            var before = oracle.GetProperty(original).EnumerateArray().ToList();
            var after = oracle.GetProperty(rewritten).EnumerateArray().ToList();
            Assert.Equal(2, before.Count);
            Assert.Equal(before.Count, after.Count);
            for (var i = 0; i < before.Count; i++)
            {
                Assert.Equal(Components(before[i], "org"), Components(after[i], "org"));
                Assert.Equal(Components(before[i], "adr"), Components(after[i], "adr"));
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string Unfolded(string text) => text.Replace("\r\n ", "", StringComparison.Ordinal);

    private static string Components(JsonElement card, string name) => card.GetProperty(name).GetRawText();
}
