using Tandem.Core.Items;
using Tandem.Formats.VCard;

namespace Tandem.Formats.Tests.VCard;

public sealed class VCardReadAllTests
{
    private const string Book = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna\r\nEND:VCARD\r\n"
        + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bert\r\nNO COLON HERE\r\nEND:VCARD\r\n"
        + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Carl\r\nN:Carlsson;Carl;;;\r\nEND:VCARD\r\n";

    [Fact]
    public void ReadAll_BrokenCardInTheMiddle_ThrowsItsError()
    {
        var error = Assert.Throws<FormatParseException>(() => VCardCodec.ReadAll(Book, "book.vcf"));

        Assert.Equal(8, error.Line);
        Assert.Equal("book.vcf", error.FileName);
    }

    [Fact]
    public void ReadEach_BrokenCardInTheMiddle_ReadsTheCardsAroundItWithTheirOwnFields()
    {
        var results = VCardCodec.ReadEach(System.Text.Encoding.UTF8.GetBytes(Book), "book.vcf");

        Assert.Equal(3, results.Count);
        Assert.Equal("Anna", results[0].Value!.DisplayName);
        Assert.Null(results[0].Value!.Surname); // nothing of a later card is left in a reused reader
        Assert.Equal(8, results[1].Error!.Line);
        Assert.Equal("Carl", results[2].Value!.DisplayName);
        Assert.Equal("Carlsson", results[2].Value!.Surname);
        Assert.Equal(ValueList<string>.Empty, results[2].Value!.Categories);
    }
}
