using Tandem.Core.Items;
using Tandem.Formats.ContentLines;
using Tandem.Formats.VCard;

namespace Tandem.Formats.Tests.VCard;

public sealed class VCardWriterTests
{
    private static readonly Photo Jpeg = new("image/jpeg", Convert.ToBase64String([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]));

    private static ContentLine Line(string text, string name) => ContentLineReader.Read(text).First(l => l.Name == name);

    [Fact]
    public void Write_V21_UsesQuotedPrintableUtf8ForNonAsciiAndLineBreaks()
    {
        var text = VCardCodec.Write(new Contact { GivenName = "Jörg", Notes = "one\ntwo" }, VCardVersion.V21);

        Assert.Contains("VERSION:2.1\r\n", text, StringComparison.Ordinal);
        Assert.Contains("N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:;J=C3=B6rg;;;\r\n", text, StringComparison.Ordinal);
        Assert.Contains("NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:one=0D=0Atwo\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_V21_BareTypeParameters()
    {
        var text = VCardCodec.Write(new Contact { Phones = ValueList<Phone>.Of(new Phone(PhoneKind.Business, "1")), Emails = ValueList<EmailAddress>.Of(new EmailAddress("a@b.c")) }, VCardVersion.V21);

        Assert.Contains("TEL;WORK;VOICE:1\r\n", text, StringComparison.Ordinal);
        Assert.Contains("EMAIL;INTERNET;PREF:a@b.c\r\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(VCardVersion.V21, "PHOTO;ENCODING=BASE64;TYPE=JPEG:")]
    [InlineData(VCardVersion.V30, "PHOTO;ENCODING=b;TYPE=JPEG:")]
    [InlineData(VCardVersion.V40, "PHOTO:data:image/jpeg;base64,")]
    public void Write_Photo_UsesEachVersionsSpelling(VCardVersion version, string expectedStart)
    {
        var text = VCardCodec.Write(new Contact { Photo = Jpeg }, version);

        Assert.Contains(expectedStart, text, StringComparison.Ordinal);
        Assert.Equal(Jpeg, VCardCodec.ReadAll(text)[0].Photo);
    }

    [Theory]
    [InlineData(VCardVersion.V21, "BDAY:19850415", "X-MS-ANNIVERSARY;X-APPLE-OMIT-YEAR=1604:16040701")]
    [InlineData(VCardVersion.V30, "BDAY:1985-04-15", "X-ANNIVERSARY;X-APPLE-OMIT-YEAR=1604:1604-07-01")]
    [InlineData(VCardVersion.V40, "BDAY:19850415", "ANNIVERSARY:--0701")]
    public void Write_Dates_UseEachVersionsForms(VCardVersion version, string birthday, string anniversary)
    {
        var text = VCardCodec.Write(new Contact { Birthday = new DateOnly(1985, 4, 15), Anniversary = new DateOnly(VCardDates.NoYear, 7, 1) }, version);

        Assert.Contains(birthday + "\r\n", text, StringComparison.Ordinal);
        Assert.Contains(anniversary + "\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_V40_EmailDisplayNameAndPreference()
    {
        var text = VCardCodec.Write(new Contact { Emails = ValueList<EmailAddress>.Of(new EmailAddress("a@b.c", "Doe, \"Jo\""), new EmailAddress("x@y.z")) }, VCardVersion.V40);

        var emails = ContentLineReader.Read(text).Where(l => l.Name == "EMAIL").ToList();
        Assert.Equal("1", emails[0].Param("PREF"));
        Assert.Equal("Doe, \"Jo\"", emails[0].Param("X-CN"));
        Assert.Null(emails[1].Param("PREF"));
    }

    [Fact]
    public void Write_MailingAddress_IsMarkedPreferred()
    {
        var contact = new Contact
        {
            Addresses = ValueList<PostalAddress>.Of(new PostalAddress(AddressKind.Business, "1 Main"), new PostalAddress(AddressKind.Home, "2 Elm", PostOfficeBox: "PO 9")),
            MailingAddress = AddressKind.Home,
        };

        var text = VCardCodec.Write(contact, VCardVersion.V30);

        var home = ContentLineReader.Read(text).Single(l => l.Name == "ADR" && l.HasParamValue("TYPE", "HOME"));
        Assert.True(home.HasParamValue("TYPE", "PREF"));
        Assert.Equal("PO 9;;2 Elm;;;;", home.RawValue);
        Assert.Equal(AddressKind.Home, VCardCodec.ReadAll(text)[0].MailingAddress);
    }

    [Theory]
    [InlineData(VCardVersion.V21)]
    [InlineData(VCardVersion.V30)]
    [InlineData(VCardVersion.V40)]
    public void WriteThenRead_EveryPhoneKindAlone_KeepsTheKind(VCardVersion version)
    {
        foreach (var kind in Enum.GetValues<PhoneKind>())
        {
            var text = VCardCodec.Write(new Contact { Phones = ValueList<Phone>.Of(new Phone(kind, "+1 555 0100")) }, version);

            Assert.True(kind == VCardCodec.ReadAll(text)[0].Phones.Single().Kind, $"{kind} in {version}:\n{text}");
        }
    }

    [Fact]
    public void Write_V30FromQuotedPrintableExtra_ConvertsToTextEscaping()
    {
        var read = VCardCodec.ReadAll("BEGIN:VCARD\r\nVERSION:2.1\r\nX-FOO;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:a=0D=0Ab=C3=A9\r\nEND:VCARD\r\n")[0];

        var text = VCardCodec.Write(read, VCardVersion.V30);

        Assert.Contains("X-FOO:a\\nbé\r\n", text, StringComparison.Ordinal);
        Assert.Contains("X-FOO;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:a=0D=0Ab=C3=A9\r\n", VCardCodec.Write(read, VCardVersion.V21), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NoDisplayName_WritesEmptyFnAndReadsBackNull()
    {
        var text = VCardCodec.Write(new Contact { GivenName = "Ann" }, VCardVersion.V30);

        Assert.Contains("FN:\r\n", text, StringComparison.Ordinal);
        Assert.Null(VCardCodec.ReadAll(text)[0].DisplayName);
    }

    [Fact]
    public void WriteThenRead_NestedAgentCard_IsKeptWholeAndNotMerged()
    {
        const string text = "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Boss\r\nAGENT:\r\nBEGIN:VCARD\r\nVERSION:2.1\r\nFN:Secretary\r\nTEL:+1 555 0100\r\nEND:VCARD\r\nTEL;WORK:+1 555 0199\r\nEND:VCARD\r\n";

        var boss = Assert.Single(VCardCodec.ReadAll(text));
        var again = Assert.Single(VCardCodec.ReadAll(VCardCodec.Write(boss, VCardVersion.V21)));

        Assert.Equal("Boss", boss.DisplayName);
        Assert.Equal([new Phone(PhoneKind.Business, "+1 555 0199")], boss.Phones);
        Assert.Equal(["AGENT", "BEGIN", "VERSION", "FN", "TEL", "END"], boss.Extras.Select(e => e.Name));
        Assert.Equal(boss.Extras, again.Extras);
        Assert.Equal(ItemNormalizer.Normalize(boss), ItemNormalizer.Normalize(again));
    }

    [Fact]
    public void WriteThenRead_LongQuotedPrintableExtraIn21_SurvivesFolding()
    {
        var encoded = string.Concat(Enumerable.Repeat("=0D=0Ax", 40));
        var card = $"BEGIN:VCARD\r\nVERSION:2.1\r\nX-FOO;ENCODING=QUOTED-PRINTABLE:{encoded}\r\nEND:VCARD\r\n";
        var read = VCardCodec.ReadAll(card)[0];

        var again = VCardCodec.ReadAll(VCardCodec.Write(read, VCardVersion.V21))[0];

        Assert.Equal(read.Extras, again.Extras);
        Assert.Equal(string.Concat(Enumerable.Repeat("\r\nx", 40)), ContentLineReader.Read(again.Extras[0].Line)[0].RawValue);
    }

    [Fact]
    public void Read_QuotedPrintableValueEndingInSoftBreak_DropsTheDanglingEquals()
    {
        var line = ContentLineReader.Read("NOTE;ENCODING=QUOTED-PRINTABLE:abc=\r\n\r\nX:1\r\n")[0];

        Assert.Equal("abc", line.RawValue);
        Assert.Equal("NOTE;ENCODING=QUOTED-PRINTABLE:abc", line.ToUnfoldedLine());
    }

    [Theory]
    [InlineData("END:VCARD\r\n more text")]
    [InlineData("BEGIN:VCARD\u00A0")]
    [InlineData("END:VCARD\r \n")]
    public void WriteThenRead_LinesThatAlmostMarkACard_KeepTheCardTogether(string oddLine)
    {
        var card = $"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nAGENT:\r\nBEGIN:VCARD\r\nFN:B\r\n{oddLine}\r\nEND:VCARD\r\nTEL;TYPE=WORK:1\r\nEND:VCARD\r\n";

        var first = VCardCodec.ReadEach(System.Text.Encoding.UTF8.GetBytes(card));
        foreach (var version in new[] { VCardVersion.V21, VCardVersion.V30, VCardVersion.V40 })
        {
            foreach (var contact in first.Where(r => r.IsOk).Select(r => r.Value!))
            {
                var again = VCardCodec.ReadEach(System.Text.Encoding.UTF8.GetBytes(VCardCodec.Write(contact, version)));

                var single = Assert.Single(again);
                Assert.True(single.IsOk, single.Error?.Message);
                Assert.Equal(ItemNormalizer.Normalize(contact), ItemNormalizer.Normalize(single.Value!));
            }
        }
    }
}
