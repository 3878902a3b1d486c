using System.Text;
using Tandem.Formats.ContentLines;

namespace Tandem.Formats.Tests.ContentLines;

public sealed class ContentLineReaderTests
{
    [Fact]
    public void Read_SimpleLines_ParsesNameParametersValueAndLineNumbers()
    {
        var lines = ContentLineReader.Read("BEGIN:VCARD\r\nTEL;TYPE=work,voice;pref:+1 555\r\nEND:VCARD\r\n");

        Assert.Equal(["BEGIN", "TEL", "END"], lines.Select(l => l.Name));
        var tel = lines[1];
        Assert.Equal("+1 555", tel.RawValue);
        Assert.Equal(2, tel.LineNumber);
        Assert.Equal(["work", "voice"], tel.Parameters[0].Values);
        Assert.True(tel.HasParamValue("type", "VOICE"));
        Assert.True(tel.HasParamValue("TYPE", "pref"));
        Assert.False(tel.HasParamValue("TYPE", "home"));
        Assert.Equal("work", tel.Param("type"));
    }

    [Fact]
    public void Read_LowercaseNameWithGroup_UppercasesNameKeepsGroup()
    {
        var line = ContentLineReader.Read("item1.x-ablabel:_$!<Other>!$_")[0];

        Assert.Equal("item1", line.Group);
        Assert.Equal("X-ABLABEL", line.Name);
        Assert.Equal("_$!<Other>!$_", line.RawValue);
    }

    [Fact]
    public void Read_FoldedLine_UnfoldsAndCountsPhysicalLines()
    {
        var lines = ContentLineReader.Read("A:1\r\nNOTE:This is a lo\r\n ng note\r\n\tcontinued\r\nB:2\r\n");

        Assert.Equal("This is a long notecontinued", lines[1].RawValue);
        Assert.Equal(2, lines[1].LineNumber);
        Assert.Equal(5, lines[2].LineNumber);
    }

    [Fact]
    public void Read_FoldSplittingUtf8Character_RejoinsBytesBeforeDecoding()
    {
        // "é" is C3 A9; the fold falls between the two bytes.
        var bytes = new List<byte>();
        bytes.AddRange("FN:Ren"u8.ToArray());
        bytes.Add(0xC3);
        bytes.AddRange("\r\n "u8.ToArray());
        bytes.Add(0xA9);
        bytes.AddRange("e\r\n"u8.ToArray());

        var line = ContentLineReader.Read(bytes.ToArray())[0];

        Assert.Equal("Renée", line.RawValue);
    }

    [Fact]
    public void Read_BomAndBareLfAndBareCr_AreTolerated()
    {
        var bytes = "\uFEFF"u8.ToArray().Concat("A:1\nB:2\rC:3\r\n\r\nD:4"u8.ToArray()).ToArray();

        var lines = ContentLineReader.Read(bytes);

        Assert.Equal(["A", "B", "C", "D"], lines.Select(l => l.Name));
        Assert.Equal([1, 2, 3, 5], lines.Select(l => l.LineNumber));
    }

    [Fact]
    public void Read_InvalidUtf8_FallsBackToWindows1252()
    {
        // 0xE9 is "é" and 0x80 is "€" in Windows-1252; neither is valid UTF-8 here.
        var bytes = "FN:Andr"u8.ToArray().Append((byte)0xE9).Append((byte)' ').Append((byte)0x80).ToArray();

        Assert.Equal("André €", ContentLineReader.Read(bytes)[0].RawValue);
    }

    [Fact]
    public void Read_QuotedPrintableWithSoftBreaksAndCharset_DecodesValue()
    {
        var text = "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=Windows-1252:Caf=E9 au lait=0D=0A=\r\nsecond line=\r\n end\r\nX:1\r\n";

        var lines = ContentLineReader.Read(text);

        Assert.Equal(2, lines.Count);
        Assert.Equal("Café au lait\r\nsecond line end", lines[0].RawValue);
        Assert.True(lines[0].WasQuotedPrintable);
        Assert.Equal(4, lines[1].LineNumber);
    }

    [Fact]
    public void Read_BareQuotedPrintableUtf8_DecodesMultiByteCharacters()
    {
        var line = ContentLineReader.Read("N;CHARSET=UTF-8;QUOTED-PRINTABLE:M=C3=BCller;J=C3=B6rg")[0];

        Assert.Equal("Müller;Jörg", line.RawValue);
        Assert.True(line.HasParamValue("ENCODING", "QUOTED-PRINTABLE"));
    }

    [Fact]
    public void Read_Base64EndingInEquals_IsNotTreatedAsSoftBreak()
    {
        var lines = ContentLineReader.Read("PHOTO;ENCODING=b;TYPE=JPEG:QUJD\r\n RA==\r\nX:1\r\n");

        Assert.Equal("QUJDRA==", lines[0].RawValue);
        Assert.Equal("X", lines[1].Name);
    }

    [Fact]
    public void Read_BareVCard21Parameters_AreFiledUnderTheirImpliedNames()
    {
        var line = ContentLineReader.Read("TEL;HOME;VOICE;BASE64;URL:x")[0];

        Assert.True(line.HasParamValue("TYPE", "home"));
        Assert.True(line.HasParamValue("TYPE", "voice"));
        Assert.Equal("BASE64", line.Param("ENCODING"));
        Assert.Equal("URL", line.Param("VALUE"));
        Assert.All(line.Parameters, p => Assert.True(p.IsBare));
    }

    [Fact]
    public void Read_QuotedAndRfc6868Parameters_AreUnquotedAndDecoded()
    {
        var line = ContentLineReader.Read("ADR;LABEL=\"1 Main St.^nSpringfield, IL\";X-Q=\"say ^'hi^' ^^\";TYPE=\"home,pref\":;;1 Main St.")[0];

        Assert.Equal("1 Main St.\nSpringfield, IL", line.Param("LABEL"));
        Assert.Equal("say \"hi\" ^", line.Param("X-Q"));
        Assert.True(line.HasParamValue("TYPE", "pref"));
        Assert.Equal(";;1 Main St.", line.RawValue);
    }

    [Fact]
    public void Read_ValueWithColons_KeepsEverythingAfterFirstColon()
    {
        Assert.Equal("http://example.com:8080/a;b", ContentLineReader.Read("URL:http://example.com:8080/a;b")[0].RawValue);
    }

    [Theory]
    [InlineData("A:1\r\nno colon here\r\n", 2)]
    [InlineData("A:1\r\nB:2\r\nX;TYPE=\"unterminated:value\r\n", 3)]
    [InlineData("X;TYPE=\"a\"b:value", 1)]
    [InlineData(":value", 1)]
    [InlineData("A:1\r\nX;=foo:bar", 2)]
    public void Read_MalformedLine_ThrowsWithFileAndLine(string text, int expectedLine)
    {
        var ex = Assert.Throws<FormatParseException>(() => ContentLineReader.Read(text, "contacts.vcf"));

        Assert.Equal(expectedLine, ex.Line);
        Assert.Equal("contacts.vcf", ex.FileName);
        Assert.StartsWith($"contacts.vcf:{expectedLine}: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToUnfoldedLine_QuotedPrintableLine_KeepsEncodedForm()
    {
        var line = ContentLineReader.Read("item2.X-FOO;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:a=0D=0Ab\r\n")[0];

        Assert.Equal("a\r\nb", line.RawValue);
        Assert.Equal("item2.X-FOO;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:a=0D=0Ab", line.ToUnfoldedLine());
    }

    [Fact]
    public void ToUnfoldedLine_BareAndQuotedParameters_RoundTripThroughReader()
    {
        var original = "X-CUSTOM;HOME;X-LIST=\"a,b\",c;X-NL=\"x^ny\":v\\,w";
        var line = ContentLineReader.Read(original)[0];

        var again = ContentLineReader.Read(line.ToUnfoldedLine())[0];

        Assert.Equal(line.Parameters, again.Parameters);
        Assert.Equal(line.RawValue, again.RawValue);
    }

    [Theory]
    [InlineData("UTF-7")]
    [InlineData("no-such-charset")]
    public void Read_UnusableCharset_FallsBackToUtf8(string charset)
    {
        var line = ContentLineReader.Read($"FN;CHARSET={charset};ENCODING=QUOTED-PRINTABLE:J=C3=B6rg")[0];

        Assert.Equal("Jörg", line.RawValue);
    }
}
