using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tandem.Core.Items;
using Tandem.Testing.Items;

namespace Tandem.Core.Tests.Items;

public class ItemJsonTests
{
    [Fact]
    public void Serialize_EveryItemType_RoundTripsToAnEqualItem()
    {
        foreach (var item in SampleItems.EveryField())
        {
            var back = ItemJson.Deserialize(ItemJson.Serialize(item));
            Assert.Equal(item, back);
            Assert.Equal(item.GetType(), back.GetType());
        }
    }

    [Fact]
    public void Serialize_EnumsWhoseDefaultDiffersFromTheInitializer_KeepTheirValue()
    {
        // ShowAs.Free and Importance.Low are the enums' zero values while the model defaults to Busy/Normal:
        // an "omit defaults" serializer would silently turn them back into Busy/Normal.
        var item = SampleItems.EveryFieldEvent() with { ShowAs = ShowAs.Free, Importance = Importance.Low };
        var back = (Event)ItemJson.Deserialize(ItemJson.Serialize(item));
        Assert.Equal(ShowAs.Free, back.ShowAs);
        Assert.Equal(Importance.Low, back.Importance);
    }

    [Fact]
    public void Deserialize_MinimalEvent_GetsModelDefaults()
    {
        var back = (Event)ItemJson.Deserialize("""{"$kind":"event","Start":{"Value":"2026-01-01T09:00:00","TimeZone":"UTC"}}""");
        Assert.Equal(ShowAs.Busy, back.ShowAs);
        Assert.Equal(Importance.Normal, back.Importance);
        Assert.True(back.Attendees.IsEmpty);
    }

    private static IEnumerable<CanonicalItem> Corpus()
    {
        var isles = SampleZones.Isles();
        return
        [
            .. SampleItems.EveryField(), .. SampleItems.All(), SampleItems.FullMessage(), SampleItems.ContactWithPhoto(),
            SampleItems.OrganizedWithBothBodies(), SampleItems.FloatingSeries(), SampleItems.SeriesWithExceptions(),
            SampleZones.IslesSeries(isles), SampleItems.Mail("Quarterly figures"), new Note(), new Contact(),
            SampleItems.EveryFieldEvent() with { ShowAs = ShowAs.Free, Importance = Importance.Low },
        ];
    }

    // Stored content hashes and snapshots were written through the base type; writing through each item's own type
    // must give the same bytes, or every stored item would look edited after an upgrade.
    [Fact]
    public void Serialize_EveryItem_IsByteForByteTheBaseTypesPolymorphicJson()
    {
        foreach (var item in Corpus())
        {
            var polymorphic = Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes<CanonicalItem>(item, ItemJson.Options));
            Assert.Equal(polymorphic, ItemJson.Serialize(item));
            Assert.Equal(polymorphic, Encoding.UTF8.GetString(ItemJson.SerializeToUtf8(item)));
        }
    }

    [Fact]
    public void ContentHash_IsTheHashOfTheNormalizedPolymorphicJson()
    {
        foreach (var item in Corpus())
        {
            var polymorphic = JsonSerializer.SerializeToUtf8Bytes<CanonicalItem>(ItemNormalizer.Normalize(item), ItemJson.Options);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(polymorphic).AsSpan(0, 16)), ContentHash.Compute(item));
        }
    }

    [Fact]
    public void Deserialize_PolymorphicJson_ReadsEveryItemBackEqual()
    {
        foreach (var item in Corpus())
        {
            var back = ItemJson.Deserialize(JsonSerializer.SerializeToUtf8Bytes<CanonicalItem>(item, ItemJson.Options));
            Assert.Equal(item, back);
            Assert.Equal(item.GetType(), back.GetType());
        }
    }

    // JSON that does not start with a known kind is left to the base type: read as it reads it, refused as it refuses it.
    [Theory]
    [InlineData("""{"Subject":"x","$kind":"note"}""")]
    [InlineData("""{"$kind":"spaceship","Subject":"x"}""")]
    [InlineData("""{"$kind":42}""")]
    [InlineData("""{"Subject":"no kind"}""")]
    [InlineData("[]")]
    [InlineData("{")]
    public void Deserialize_NoLeadingKnownKind_IsRefusedAsTheBaseTypeRefusesIt(string json)
    {
        var expected = Assert.ThrowsAny<Exception>(() => JsonSerializer.Deserialize<CanonicalItem>(json, ItemJson.Options));
        var actual = Assert.ThrowsAny<Exception>(() => ItemJson.Deserialize(json));
        Assert.Equal(expected.GetType(), actual.GetType());
    }

    [Fact]
    public void Deserialize_StringWithABrokenSurrogate_IsRefusedAsTheSerializersStringReadingRefusesIt()
    {
        const string broken = "{\"$kind\":\"note\",\"Subject\":\"\uD800\"}";
        Assert.ThrowsAny<ArgumentException>(() => JsonSerializer.Deserialize<CanonicalItem>(broken, ItemJson.Options));
        Assert.ThrowsAny<ArgumentException>(() => ItemJson.Deserialize(broken));
    }
}
