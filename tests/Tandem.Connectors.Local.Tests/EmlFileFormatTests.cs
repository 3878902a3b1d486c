using System.Text;
using Tandem.Core.Items;
using Tandem.Testing.Items;

namespace Tandem.Connectors.Local.Tests;

public sealed class EmlFileFormatTests
{
    private static readonly EmlFileFormat Format = new();

    [Fact]
    public void Write_StampedMessage_KeepsTheMessageBytesAfterTandemsLines()
    {
        var message = SampleItems.FullMessage();
        var stamped = ItemStampProperty.Attach(message, SampleItems.Stamp("m-1"));

        var bytes = Format.Write(stamped);

        var text = Encoding.UTF8.GetString(bytes);
        Assert.StartsWith("X-TANDEM-STAMP:group-1/m-1/intent-m-1\r\nKeywords: Finance\r\n", text, StringComparison.Ordinal);
        Assert.True(bytes.AsSpan().EndsWith(message.Mime.Span), "the message follows Tandem's two lines byte for byte");
    }

    [Fact]
    public void Read_WrittenFile_GivesTheMessageStampAndCategoriesBack()
    {
        var message = SampleItems.FullMessage() with { Categories = ValueList<string>.Of("Finance", "Ärger, groß") };
        var bytes = Format.Write(ItemStampProperty.Attach(message, SampleItems.Stamp("m-2")));

        var read = Assert.Single(Format.Read(bytes, "m-2.eml"));
        var (item, stamp) = ItemStampProperty.Extract(read.Item!);

        Assert.Equal(message, item);
        Assert.Equal(SampleItems.Stamp("m-2"), stamp);
    }

    [Fact]
    public void Read_HandMadeFileWithLfAndFoldedKeywords_IsAMessageWithCategories()
    {
        var text = "Keywords: Red,\n Blue\nFrom: a@b.test\nSubject: hand made\n\nbody\n";

        var read = Assert.Single(Format.Read(Encoding.UTF8.GetBytes(text), "x.eml"));

        var message = Assert.IsType<Message>(read.Item);
        Assert.Equal("hand made", message.Subject);
        Assert.Equal(["Red", "Blue"], message.Categories);
        Assert.DoesNotContain("Keywords", Encoding.UTF8.GetString(message.Mime.Span), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NotAMessage_IsAnErrorNamingTheFile()
    {
        var read = Assert.Single(Format.Read("\r\njust text"u8, "junk.eml"));

        Assert.Null(read.Item);
        Assert.StartsWith("junk.eml:1:", read.Error, StringComparison.Ordinal);
    }
}
