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
}
