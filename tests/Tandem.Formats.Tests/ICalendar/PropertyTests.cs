using System.Text;
using Tandem.Core.Items;
using Tandem.Formats.ICalendar;
using Xunit.Abstractions;
using Tandem.Testing;

namespace Tandem.Formats.Tests.ICalendar;

public sealed class PropertyTests(ITestOutputHelper output)
{

    [Fact]
    public void WriteThenRead_RandomItems_EqualNormalizedOriginal()
    {
        var random = new RandomItems(TestSeed.Announce(output));
        for (var i = 0; i < 1500; i++)
        {
            var original = random.Next();
            string text = "";
            try
            {
                text = ICalendarCodec.Write(original);
                var read = Assert.Single(ICalendarCodec.ReadAll(text));
                Assert.Equal(ItemNormalizer.Normalize(original), ItemNormalizer.Normalize(read));
            }
            catch (Exception)
            {
                output.WriteLine($"seed {TestSeed.Value}, item #{i}:\n{ItemJson.Serialize(original)}\n{text}");
                throw;
            }
        }
    }

    [Fact]
    public void WriteAllThenReadAll_RandomCalendar_KeepsEveryItemInOrder()
    {
        var random = new RandomItems(TestSeed.Announce(output) + 1);
        var items = Enumerable.Range(0, 200).Select(_ => random.Next()).ToList();
        var read = ICalendarCodec.ReadAll(ICalendarCodec.WriteAll(items));
        Assert.Equal(items.Select(ItemNormalizer.Normalize), read.Select(ItemNormalizer.Normalize));
    }

    [Fact]
    public async Task ReadEach_RandomBytesAndMutations_OnlyResultsOrFormatParseExceptions()
    {
        var seed = TestSeed.Announce(output) + 2;
        var r = new Random(seed);
        var samples = TestFiles.CorpusFiles().Select(TestFiles.ReadCorpus).ToList();
        var alphabet = Encoding.ASCII.GetBytes("BEGIN:VEVENT\r\nEND:VCALENDAR;TZID=\"=:,\\ \t\nRRULE:FREQ=DAILY;COUNT=99999;UNTIL=99991231T235959ZDTSTART:00010101T000000DURATION:P99999999W");
        var work = Task.Run(() =>
        {
            for (var i = 0; i < 3000; i++)
            {
                var data = Mutate(r, samples[r.Next(samples.Count)], alphabet, i);
                try
                {
                    var results = ICalendarCodec.ReadEach(data, "fuzz.ics");
                    foreach (var item in results.Where(x => x.IsOk).Select(x => x.Value!)) ICalendarCodec.Write(item);
                    try
                    {
                        ICalendarCodec.ReadAll(data);
                    }
                    catch (FormatParseException)
                    {
                    }
                }
                catch (Exception ex) when (ex is not FormatParseException)
                {
                    throw new InvalidOperationException($"seed {seed}, case {i}: {ex.GetType().Name}: {ex.Message}\n{Encoding.UTF8.GetString(data)}", ex);
                }
            }
        });
        var finished = await Task.WhenAny(work, Task.Delay(TimeSpan.FromMinutes(4)));
        Assert.True(finished == work, $"fuzzing did not finish (seed {seed}): a hang");
        await work;
    }

    private static byte[] Mutate(Random r, byte[] sample, byte[] alphabet, int i)
    {
        if (i % 10 == 0)
        {
            var noise = new byte[r.Next(0, 400)];
            r.NextBytes(noise);
            return noise;
        }
        var data = sample.ToList();
        var edits = r.Next(1, 8);
        for (var e = 0; e < edits && data.Count > 0; e++)
        {
            var at = r.Next(data.Count);
            switch (r.Next(4))
            {
                case 0: data.RemoveRange(at, Math.Min(r.Next(1, 30), data.Count - at)); break;
                case 1: data.Insert(at, alphabet[r.Next(alphabet.Length)]); break;
                case 2: data[at] = (byte)r.Next(256); break;
                default:
                    var start = r.Next(alphabet.Length);
                    data.InsertRange(at, alphabet.Skip(start).Take(r.Next(1, 40)));
                    break;
            }
        }
        return data.ToArray();
    }
}
