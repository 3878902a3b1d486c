using Tandem.Formats.ContentLines;
using Tandem.Testing;
using Xunit.Abstractions;

namespace Tandem.Formats.Tests.ContentLines;

public sealed class TextValueTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("a,b;c\\d\ne", "a\\,b\\;c\\\\d\\ne")]
    [InlineData("line1\r\nline2", "line1\\nline2")]
    [InlineData("plain", "plain")]
    public void Escape_SpecialCharacters_AreBackslashed(string raw, string escaped) => Assert.Equal(escaped, TextValue.Escape(raw));

    [Theory]
    [InlineData("a\\,b\\;c\\\\d\\ne\\Nf", "a,b;c\\d\ne\nf")]
    [InlineData("C:\\dir\\file", "C:\\dir\\file")]
    [InlineData("trailing\\", "trailing\\")]
    [InlineData("colon\\:", "colon:")]
    public void Unescape_KnownAndUnknownEscapes_AreHandled(string escaped, string raw) => Assert.Equal(raw, TextValue.Unescape(escaped));

    [Fact]
    public void SplitUnescaped_EscapedSeparators_AreNotSplitPoints()
    {
        var parts = TextValue.SplitUnescaped("Doe\\;Jr;John;A\\\\;;", ';');

        Assert.Equal(["Doe\\;Jr", "John", "A\\\\", "", ""], parts);
    }

    [Fact]
    public void EscapeThenSplitThenUnescape_RandomComponents_RoundTrip()
    {
        var seed = TestSeed.Announce(output);
        var random = new Random(seed);
        for (var n = 0; n < 500; n++)
        {
            var parts = Enumerable.Range(0, random.Next(1, 6)).Select(_ => ContentLineWriterTests.RandomText(random, random.Next(0, 12)).Replace("\r", "")).ToArray();
            var joined = string.Join(';', parts.Select(TextValue.Escape));

            var back = TextValue.SplitUnescaped(joined, ';').Select(TextValue.Unescape).ToArray();

            Assert.True(parts.SequenceEqual(back), $"seed {seed}: [{string.Join("|", parts)}] vs [{string.Join("|", back)}]");
        }
    }
}
