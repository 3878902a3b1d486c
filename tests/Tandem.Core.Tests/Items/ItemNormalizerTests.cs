using Tandem.Core.Items;
using Tandem.Testing.Items;

namespace Tandem.Core.Tests.Items;

public class ItemNormalizerTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("   ", null)]
    [InlineData(" a ", "a")]
    [InlineData("a\r\nb\rc", "a\nb\nc")]
    public void Text_Variants_Normalized(string? input, string? expected) =>
        Assert.Equal(expected, ItemNormalizer.Text(input));

    [Fact]
    public void Normalize_Contact_DropsEmptyAddressesAndPhones()
    {
        var c = new Contact
        {
            Phones = ValueList.Of(new Phone(PhoneKind.Home, "  "), new Phone(PhoneKind.Mobile, " 1 ")),
            Addresses = ValueList.Of(new PostalAddress(AddressKind.Home, " ", null), new PostalAddress(AddressKind.Business, City: "Oslo")),
        };
        var n = ItemNormalizer.Normalize(c);
        Assert.Equal([new Phone(PhoneKind.Mobile, "1")], n.Phones);
        Assert.Equal([new PostalAddress(AddressKind.Business, City: "Oslo")], n.Addresses);
    }

    [Fact]
    public void Normalize_IsIdempotent()
    {
        foreach (var item in SampleItems.EveryField())
        {
            var once = ItemNormalizer.Normalize(item);
            Assert.Equal(once, ItemNormalizer.Normalize(once));
        }
    }
}
