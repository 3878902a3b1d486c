using System.Text;
using Tandem.Core.Items;
using Tandem.Formats.VCard;
using Xunit.Abstractions;
using Tandem.Testing;

namespace Tandem.Formats.Tests.VCard;

/// <summary>
/// Random bytes and mutated files: the codec either reads them or reports FormatParseException — never
/// another exception, never a hang — and whatever it reads, it can write and read back unchanged.
/// </summary>
public sealed class VCardFuzzTests(ITestOutputHelper output)
{
    // Generous: this guards against an endless loop, it does not measure speed.
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(3);

    private static readonly byte[][] Interesting =
    [
        "\r\n"u8.ToArray(), "\n"u8.ToArray(), "\r"u8.ToArray(), " "u8.ToArray(), "\t"u8.ToArray(), ":"u8.ToArray(), ";"u8.ToArray(),
        "\""u8.ToArray(), "="u8.ToArray(), "\\"u8.ToArray(), ","u8.ToArray(), "^"u8.ToArray(), [0xC3], [0xFF], [0xEF, 0xBB, 0xBF],
        "BEGIN:VCARD\r\n"u8.ToArray(), "END:VCARD\r\n"u8.ToArray(), ";ENCODING=QUOTED-PRINTABLE"u8.ToArray(), "=\r\n"u8.ToArray(),
        ";CHARSET=SHIFT_JIS"u8.ToArray(), ";CHARSET=bogus-charset"u8.ToArray(), ";ENCODING=b"u8.ToArray(), "item1."u8.ToArray(),
        "data:image/png;base64,"u8.ToArray(), "--0229"u8.ToArray(), "_$!<Mobile>!$_"u8.ToArray(), [0],
    ];

    [Fact]
    public void ReadEach_RandomBytes_ReturnsResultsOrParseErrorsOnly()
    {
        var seed = TestSeed.Announce(output);
        RunGuarded(seed, random =>
        {
            for (var n = 0; n < 2000; n++)
            {
                var bytes = new byte[random.Next(0, 400)];
                random.NextBytes(bytes);
                if (random.Next(2) == 0) bytes = [.. "BEGIN:VCARD\r\n"u8, .. bytes, .. "\r\nEND:VCARD\r\n"u8];
                Exercise(bytes, seed, n);
            }
        });
    }

    [Fact]
    public void ReadEach_MutatedCorpusAndGeneratedFiles_ReturnsResultsOrParseErrorsOnly()
    {
        var seed = TestSeed.Announce(output);
        var sources = VCardTestFiles.AllCorpusFiles().Select(File.ReadAllBytes).ToList();
        var generator = new Random(seed);
        foreach (var version in new[] { VCardVersion.V21, VCardVersion.V30, VCardVersion.V40 })
        {
            sources.Add(Encoding.UTF8.GetBytes(VCardCodec.WriteAll(Enumerable.Range(0, 3).Select(_ => RandomContacts.Next(generator)), version)));
        }

        RunGuarded(seed, random =>
        {
            for (var n = 0; n < 3000; n++)
            {
                var bytes = Mutate(random, sources[random.Next(sources.Count)]);
                Exercise(bytes, seed, n);
            }
        });
    }

    private static void Exercise(byte[] bytes, int seed, int n)
    {
        IReadOnlyList<ParseResult<Contact>> results;
        try
        {
            results = VCardCodec.ReadEach(bytes, "fuzz.vcf");
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"seed {seed}, case {n}: ReadEach threw {ex.GetType().Name}\n{Show(bytes)}", ex);
        }

        try
        {
            VCardCodec.ReadAll(bytes);
        }
        catch (FormatParseException)
        {
            // Expected for malformed input.
        }

        foreach (var contact in results.Where(r => r.IsOk).Select(r => r.Value!))
        {
            foreach (var version in new[] { VCardVersion.V21, VCardVersion.V30, VCardVersion.V40 })
            {
                var written = VCardCodec.Write(contact, version);
                var again = VCardCodec.ReadAll(written);
                if (again.Count != 1 || ItemNormalizer.Normalize(again[0]) != ItemNormalizer.Normalize(contact))
                {
                    Assert.Fail($"seed {seed}, case {n}, {version}: not stable after write/read\n" +
                        $"first:  {ItemJson.Serialize(ItemNormalizer.Normalize(contact))}\nsecond: {(again.Count == 1 ? ItemJson.Serialize(ItemNormalizer.Normalize(again[0])) : again.Count.ToString())}\n" +
                        $"input:\n{Show(bytes)}\nwritten:\n{written}");
                }
            }
        }
    }

    private static byte[] Mutate(Random r, byte[] source)
    {
        var bytes = new List<byte>(source);
        var edits = r.Next(1, 6);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = r.Next(bytes.Count);
            switch (r.Next(6))
            {
                case 0: bytes[at] = (byte)r.Next(256); break;
                case 1: bytes.InsertRange(at, Interesting[r.Next(Interesting.Length)]); break;
                case 2: bytes.RemoveRange(at, Math.Min(r.Next(1, 40), bytes.Count - at)); break;
                case 3:
                    var len = Math.Min(r.Next(1, 80), bytes.Count - at);
                    bytes.InsertRange(r.Next(bytes.Count), bytes.GetRange(at, len));
                    break;
                case 4: bytes.RemoveRange(at, bytes.Count - at); break;
                default: bytes.Insert(at, (byte)r.Next(256)); break;
            }
        }
        return bytes.ToArray();
    }

    private static void RunGuarded(int seed, Action<Random> body)
    {
        var task = Task.Run(() => body(new Random(seed)));
        if (!task.Wait(HangGuard)) Assert.Fail($"seed {seed}: no result within {HangGuard} — a hang");
        task.GetAwaiter().GetResult();
    }

    private static string Show(byte[] bytes) => Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 3000)]);
}
