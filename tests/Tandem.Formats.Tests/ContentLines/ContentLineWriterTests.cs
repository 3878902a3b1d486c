using System.Text;
using Tandem.Formats.ContentLines;
using Tandem.Testing;
using Xunit.Abstractions;

namespace Tandem.Formats.Tests.ContentLines;

public sealed class ContentLineWriterTests(ITestOutputHelper output)
{
    [Fact]
    public void Write_LongAsciiValue_FoldsAt75Octets()
    {
        var sb = new StringBuilder();
        new ContentLineWriter(sb).Write("NOTE", null, new string('x', 200));

        var physical = sb.ToString().Split("\r\n")[..^1];

        Assert.All(physical, p => Assert.True(Encoding.UTF8.GetByteCount(p) <= 75, p));
        Assert.Equal(75, physical[0].Length);
        Assert.All(physical.Skip(1), p => Assert.StartsWith(" ", p, StringComparison.Ordinal));
        Assert.EndsWith("\r\n", sb.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_MultiByteAndSurrogates_NeverSplitsACharacter()
    {
        var value = string.Concat(Enumerable.Repeat("é日😀a", 40));
        var sb = new StringBuilder();
        new ContentLineWriter(sb).Write("FN", null, value);

        var bytes = Encoding.UTF8.GetBytes(sb.ToString());
        var strict = new UTF8Encoding(false, true);
        foreach (var physical in Split(bytes))
        {
            Assert.True(physical.Length <= 75);
            _ = strict.GetString(physical); // throws on a split character
        }
        Assert.Equal(value, ContentLineReader.Read(bytes)[0].RawValue);
    }

    [Fact]
    public void Write_ParameterValuesNeedingQuotesOrRfc6868_AreEncoded()
    {
        var sb = new StringBuilder();
        new ContentLineWriter(sb).Write(
            "ADR",
            [new ContentParameter("LABEL", "1 Main St.\nSpringfield, IL"), new ContentParameter("X-Q", "a \"b\" ^"), new ContentParameter("TYPE", ["home", "pref"])],
            ";;1 Main St.",
            "item1");

        Assert.Equal("item1.ADR;LABEL=\"1 Main St.^nSpringfield, IL\";X-Q=a ^'b^' ^^;TYPE=home,pref:;;1 Main St.\r\n", sb.ToString().Replace("\r\n ", ""));
    }

    [Fact]
    public void Write_QuotedPrintable_UsesSoftBreaksAndNeverSplitsAnEscape()
    {
        var encoded = string.Concat(Enumerable.Repeat("=C3=A9abc", 30));
        var sb = new StringBuilder();
        new ContentLineWriter(sb).Write("NOTE", [new ContentParameter("CHARSET", "UTF-8"), new ContentParameter("ENCODING", "QUOTED-PRINTABLE")], encoded);

        var physical = sb.ToString().Split("\r\n")[..^1];
        Assert.All(physical, p => Assert.True(p.Length <= 76, p));
        Assert.All(physical[..^1], p => Assert.EndsWith("=", p, StringComparison.Ordinal));
        Assert.Equal(string.Concat(Enumerable.Repeat("éabc", 30)), ContentLineReader.Read(sb.ToString())[0].RawValue);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("xy")]
    [InlineData("xyz")]
    public void Write_QuotedPrintableMultiByte_KeepsEachCharacterOnOnePhysicalLine(string offset)
    {
        var text = offset + string.Concat(Enumerable.Repeat("é日😀", 20));
        var sb = new StringBuilder();
        new ContentLineWriter(sb).Write("NOTE", [new ContentParameter("ENCODING", "QUOTED-PRINTABLE")], QuotedPrintable.Encode(Encoding.UTF8.GetBytes(text)));

        var strict = new UTF8Encoding(false, true);
        foreach (var physical in sb.ToString().Split("\r\n")[..^1])
        {
            var value = physical.StartsWith("NOTE", StringComparison.Ordinal) ? physical[(physical.IndexOf(':', StringComparison.Ordinal) + 1)..] : physical;
            _ = strict.GetString(QuotedPrintable.Decode(Encoding.ASCII.GetBytes(value.TrimEnd('=')))); // throws on a split character
        }
        Assert.Equal(text, ContentLineReader.Read(sb.ToString())[0].RawValue);
    }

    [Fact]
    public void WriteUnfolded_LongExtraLine_FoldsAndReadsBackSame()
    {
        var line = "X-SOCIALPROFILE;TYPE=twitter;X-USER=someone:" + new string('z', 150);
        var sb = new StringBuilder();
        new ContentLineWriter(sb).WriteUnfolded(line);

        Assert.Equal(line, ContentLineReader.Read(sb.ToString())[0].ToUnfoldedLine());
    }

    [Fact]
    public void WriteThenRead_RandomLines_RoundTrip()
    {
        var seed = TestSeed.Announce(output);
        var random = new Random(seed);
        for (var n = 0; n < 300; n++)
        {
            var value = RandomText(random, random.Next(0, 300));
            var param = RandomText(random, random.Next(1, 20));
            var sb = new StringBuilder();
            new ContentLineWriter(sb).Write("X-TEST", [new ContentParameter("X-P", param)], TextValue.Escape(value));

            var read = ContentLineReader.Read(sb.ToString());

            Assert.True(read.Count == 1, $"seed {seed}");
            Assert.True(value.ReplaceLineEndings("\n") == TextValue.Unescape(read[0].RawValue), $"seed {seed}: value");
            Assert.True(param.ReplaceLineEndings("\n") == read[0].Param("X-P"), $"seed {seed}: param");
        }
    }

    internal static string RandomText(Random random, int length)
    {
        const string alphabet = "abcXYZ 019;:,\\\"^\n\té日ßΩ";
        var sb = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            if (random.Next(20) == 0) sb.Append("😀");
            else sb.Append(alphabet[random.Next(alphabet.Length)]);
        }
        // Leading/trailing blanks and tabs are legal but a line of only blanks is skipped by readers.
        return sb.ToString();
    }

    private static IEnumerable<byte[]> Split(byte[] bytes)
    {
        var start = 0;
        for (var i = 0; i + 1 < bytes.Length; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n')
            {
                yield return bytes[start..i];
                start = i + 2;
                if (start < bytes.Length && bytes[start] == ' ') start++;
            }
        }
    }
}
