using System.Text.Json;
using Tandem.Core.Items;
using Tandem.Formats.ICalendar;
using Tandem.Formats.Tests.ICalendar;
using Tandem.Formats.Tests.VCard;
using Tandem.Formats.VCard;
using Tandem.Testing;
using Tandem.Testing.Items;
using Xunit.Abstractions;

namespace Tandem.Formats.Tests.Items;

/// <summary>
/// Items are written from compile-time metadata (ItemJsonContext) and read by reflection. Content hashes and stored
/// snapshots written before that change must stay valid, so the generated writer must give the reflection serializer's
/// bytes exactly — over every real-world file of the corpus, every sample and random contacts.
/// </summary>
public sealed class ItemJsonWritingTests(ITestOutputHelper output)
{
    private static IEnumerable<(string From, CanonicalItem Item)> CorpusItems()
    {
        foreach (var name in TestFiles.CorpusFiles())
            foreach (var result in ICalendarCodec.ReadEach(TestFiles.ReadCorpus(name), name).Where(r => r.IsOk))
                yield return (name, result.Value!);
        foreach (var path in VCardTestFiles.AllCorpusFiles())
            foreach (var result in VCardCodec.ReadEach(File.ReadAllBytes(path), path).Where(r => r.IsOk))
                yield return (Path.GetFileName(path), result.Value!);
        foreach (var item in SampleItems.All().Concat(SampleItems.EveryField()))
            yield return ("sample " + item.Kind, item);
        yield return ("sample photo", SampleItems.ContactWithPhoto());
        yield return ("sample organized", SampleItems.OrganizedWithBothBodies());
        yield return ("sample floating", SampleItems.FloatingSeries());
    }

    [Fact]
    public void Write_EveryCorpusAndSampleItem_GivesTheReflectionSerializersBytes_SoStoredHashesStayValid()
    {
        var items = CorpusItems().ToList();
        Assert.True(items.Count > 50, $"only {items.Count} items read from the corpus");
        Assert.Contains(items, i => i.Item is Event { Exceptions.Count: > 0 });
        foreach (var (from, item) in items)
            foreach (var form in new[] { item, ItemNormalizer.Normalize(item) })
                Assert.True(JsonSerializer.SerializeToUtf8Bytes<CanonicalItem>(form, ItemJson.Options).AsSpan().SequenceEqual(ItemJson.SerializeToUtf8(form)),
                    $"{from}: {item.Title}\nreflection: {JsonSerializer.Serialize<CanonicalItem>(form, ItemJson.Options)}\ngenerated:  {ItemJson.Serialize(form)}");
    }

    [Fact]
    public void Write_RandomContacts_GivesTheReflectionSerializersBytes()
    {
        var r = new Random(TestSeed.Announce(output) + 11);
        for (var i = 0; i < 2000; i++)
        {
            var contact = RandomContacts.Next(r);
            Assert.Equal(JsonSerializer.Serialize<CanonicalItem>(contact, ItemJson.Options), ItemJson.Serialize(contact));
        }
    }
}
