using Tandem.Core.Connectors;
using Tandem.Core.Items;

namespace Tandem.Connectors.Local.Tests;

public sealed class PureLogicTests
{
    [Theory]
    [InlineData("grp", "id/with;odd,chars:and spaces", "k%1")]
    [InlineData("g", "7", "")]
    [InlineData("Zürich group", "ü-ß", "i/i")]
    public void StampProperty_EncodeThenDecode_RoundTrips(string group, string logical, string intent)
    {
        var stamp = new ItemStamp(group, logical, intent);

        var line = ItemStampProperty.Encode(stamp);

        Assert.Equal(stamp, ItemStampProperty.Decode(line));
        Assert.DoesNotContain(';', line);
        Assert.DoesNotContain(',', line);
    }

    [Fact]
    public void StampProperty_Attach_ReplacesAForeignStampAndKeepsOtherExtras()
    {
        var item = new Note { Subject = "n", Extras = [new ExtraProperty("X-TANDEM-STAMP", "X-TANDEM-STAMP:other/1/i"), new ExtraProperty("X-FOO", "X-FOO:bar")] };

        var (clean, stamp) = ItemStampProperty.Extract(ItemStampProperty.Attach(item, new ItemStamp("mine", "2", "j")));

        Assert.Equal(new ItemStamp("mine", "2", "j"), stamp);
        Assert.Equal([new ExtraProperty("X-FOO", "X-FOO:bar")], clean.Extras);
    }

    [Fact]
    public void FileNames_LossyLogicalIds_StayDistinctAndSafe()
    {
        var a = ItemFileNames.For(new ItemStamp("g", "a/b", "i"), ItemKind.Contact).Primary;
        var b = ItemFileNames.For(new ItemStamp("g", "a:b", "i"), ItemKind.Contact).Primary;

        Assert.NotEqual(a, b);
        Assert.All(new[] { a, b }, n => Assert.Equal(Path.GetFileName(n), n));
        Assert.Equal(a, ItemFileNames.For(new ItemStamp("g", "a/b", "other intent"), ItemKind.Contact).Primary);
        Assert.EndsWith(".ics", ItemFileNames.For(new ItemStamp("g", "x", "i"), ItemKind.Task).Primary);
    }

    [Fact]
    public void Snapshot_TamperedBytes_AreRejected()
    {
        var snapshot = new ScanSnapshot([new ScanEntry("a.vcf", 10, 20, "00ff"), new ScanEntry("b.vcf", 11, 21, "11ee")]);
        var bytes = (byte[])snapshot.Bytes.Clone();

        var loaded = ScanSnapshot.TryLoad(bytes, snapshot.Id);
        bytes[^1] ^= 1;

        Assert.Equal(snapshot.Entries.Values.OrderBy(e => e.Name), loaded!.Entries.Values.OrderBy(e => e.Name));
        Assert.Null(ScanSnapshot.TryLoad(bytes, snapshot.Id));
    }

    // the same folder state is the same token, whatever order the scan met its files in
    [Fact]
    public void Snapshot_SameEntriesInAnyOrder_HaveOneIdAndOneForm()
    {
        var entries = Enumerable.Range(0, 500).Select(i => new ScanEntry($"c{i * 7919 % 500:000}-{(char)('a' + i % 26)}.vcf", i, i * 10L, $"{i:x4}")).ToList();
        var forward = new ScanSnapshot(entries);
        var backward = new ScanSnapshot(Enumerable.Reverse(entries));
        var shuffled = new ScanSnapshot(entries.OrderBy(e => e.Hash.GetHashCode(StringComparison.Ordinal)).ToDictionary(e => e.Name, StringComparer.Ordinal));

        Assert.Equal(forward.Id, backward.Id);
        Assert.Equal(forward.Id, shuffled.Id);
        Assert.Equal(forward.Bytes, shuffled.Bytes);
        var names = ScanSnapshot.TryLoad(forward.Bytes, forward.Id)!.Entries.Keys.ToList();
        Assert.Equal(entries.Select(e => e.Name).Order(StringComparer.Ordinal), names);
    }
}
