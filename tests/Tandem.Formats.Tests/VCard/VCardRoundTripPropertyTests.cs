using System.Text;
using Tandem.Core.Items;
using Tandem.Formats.VCard;
using Xunit.Abstractions;
using Tandem.Testing;

namespace Tandem.Formats.Tests.VCard;

public sealed class VCardRoundTripPropertyTests(ITestOutputHelper output)
{
    public static TheoryData<VCardVersion> Versions => new() { VCardVersion.V21, VCardVersion.V30, VCardVersion.V40 };

    [Theory]
    [MemberData(nameof(Versions))]
    public void WriteThenRead_RandomContacts_KeepEveryModelField(VCardVersion version)
    {
        var seed = TestSeed.Announce(output);
        var random = new Random(seed);
        for (var n = 0; n < 300; n++)
        {
            var original = RandomContacts.Next(random);
            var text = VCardCodec.Write(original, version);

            var read = VCardCodec.ReadAll(text, "random.vcf");

            Assert.True(read.Count == 1, $"seed {seed}, contact {n}: {read.Count} contacts read");
            var expected = ItemNormalizer.Normalize(original);
            var actual = ItemNormalizer.Normalize(read[0]);
            if (expected != actual)
            {
                Assert.Fail($"seed {seed}, contact {n}, {version}:\nexpected {ItemJson.Serialize(expected)}\nactual   {ItemJson.Serialize(actual)}\n{text}");
            }
            Assert.True(original.Uid == read[0].Uid, $"seed {seed}, contact {n}: UID");
            Assert.True(original.Extras == read[0].Extras, $"seed {seed}, contact {n}: extras {read[0].Extras}");
        }
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void WriteAllThenReadAll_ManyContacts_KeepsCountAndOrder(VCardVersion version)
    {
        var seed = TestSeed.Announce(output);
        var random = new Random(seed);
        var contacts = Enumerable.Range(0, 50).Select(_ => RandomContacts.Next(random)).ToList();

        var read = VCardCodec.ReadAll(Encoding.UTF8.GetBytes(VCardCodec.WriteAll(contacts, version)));

        Assert.True(contacts.Count == read.Count, $"seed {seed}");
        for (var i = 0; i < contacts.Count; i++)
        {
            Assert.True(ItemNormalizer.Normalize(contacts[i]) == ItemNormalizer.Normalize(read[i]), $"seed {seed}, contact {i}");
        }
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Write_AnyVersion_ReadsBackFromOtherVersionsOutput(VCardVersion version)
    {
        // Converting between versions (read 2.1, write 4.0 …) must not drift: the second generation equals the first.
        var seed = TestSeed.Announce(output);
        var random = new Random(seed);
        for (var n = 0; n < 100; n++)
        {
            var original = RandomContacts.Next(random);
            var other = (VCardVersion)(((int)version + 1) % 3);
            var first = VCardCodec.ReadAll(VCardCodec.Write(original, other))[0];

            var second = VCardCodec.ReadAll(VCardCodec.Write(first, version))[0];

            Assert.True(ItemNormalizer.Normalize(first) == ItemNormalizer.Normalize(second), $"seed {seed}, contact {n}, {other}->{version}");
            Assert.True(first.Extras == second.Extras, $"seed {seed}, contact {n}: extras");
        }
    }
}
