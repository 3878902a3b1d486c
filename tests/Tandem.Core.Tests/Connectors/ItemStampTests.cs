using Tandem.Core.Connectors;

namespace Tandem.Core.Tests.Connectors;

public sealed class ItemStampTests
{
    [Fact]
    public void Write_NamesTheIntentAndTheRevision_InOneStringStoresKeepAsItIs()
    {
        var stamp = ItemStamp.Write("g1", 42, "m3r7", 12);

        Assert.Equal("42", stamp.LogicalId);
        Assert.Equal("m3r7@12", stamp.IntentKey);
        Assert.Equal("m3r7", stamp.Intent);
        Assert.Equal(12, stamp.Revision);
    }

    [Theory]
    [InlineData("m3r7")] // written before stamps named revisions
    [InlineData("")] // a lookup key
    [InlineData("m3r7@")] // damaged: no revision to judge by
    [InlineData("m3r7@x1")]
    public void Stamp_WithoutARevision_NamesNone(string intentKey)
    {
        var stamp = new ItemStamp("g1", "42", intentKey);

        Assert.Null(stamp.Revision);
        Assert.Equal(intentKey.Split('@')[0], stamp.Intent);
    }

    [Fact]
    public void WithoutRevision_KeepsTheIntent()
    {
        var stamp = ItemStamp.Write("g1", 42, "m3r7", 12).WithoutRevision();

        Assert.Equal(new ItemStamp("g1", "42", "m3r7"), stamp);
        Assert.Null(stamp.Revision);
    }
}
