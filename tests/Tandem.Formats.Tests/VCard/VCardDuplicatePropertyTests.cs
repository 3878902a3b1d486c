using Tandem.Formats.VCard;

namespace Tandem.Formats.Tests.VCard;

public class VCardDuplicatePropertyTests
{
    // Found by the fuzz test (seed 6813396): an empty first N and a second N kept as an extra. Written as 4.0
    // (where N is optional) the empty N was left out, so the second one became the name on the next read.
    [Theory]
    [InlineData(VCardVersion.V21)]
    [InlineData(VCardVersion.V30)]
    [InlineData(VCardVersion.V40)]
    public void Write_EmptyNameWithASecondNKeptAsExtra_ReadsBackTheSame(VCardVersion version)
    {
        const string card = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nFN:Someone\r\nN:;;;51;\r\nEND:VCARD\r\n";
        var first = Assert.Single(VCardCodec.ReadAll(card));
        Assert.Null(first.NamePrefix);
        Assert.Contains(first.Extras, e => e.Name == "N");

        var again = Assert.Single(VCardCodec.ReadAll(VCardCodec.Write(first, version)));

        Assert.Equal(first, again);
    }
}
