using System.Text;
using BenchmarkDotNet.Attributes;
using Tandem.Core.Items;
using Tandem.Formats.VCard;

namespace Tandem.Bench.Formats;

/// <summary>
/// Parse and write of a 10,000-contact .vcf file in each vCard version. Throughput = the size printed at setup
/// divided by the mean time; the goal is at least 55 MB/s parsing.
/// Run: dotnet run -c Release --project bench/Tandem.Bench -- --filter '*VCardBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class VCardBenchmarks
{
    private List<Contact> _contacts = [];
    private byte[] _bytes = [];

    [Params(VCardVersion.V21, VCardVersion.V30, VCardVersion.V40)]
    public VCardVersion Version { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _contacts = VCardSampleContacts.Create(10_000);
        _bytes = Encoding.UTF8.GetBytes(VCardCodec.WriteAll(_contacts, Version));
        Console.WriteLine($"// vCard {Version}: {_contacts.Count} contacts, {_bytes.Length / 1_000_000.0:F2} MB");
    }

    [Benchmark]
    public int Parse() => VCardCodec.ReadAll(_bytes).Count;

    [Benchmark]
    public int Write() => VCardCodec.WriteAll(_contacts, Version).Length;
}
