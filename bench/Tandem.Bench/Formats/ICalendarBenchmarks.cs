using System.Text;
using BenchmarkDotNet.Attributes;
using Tandem.Core.Items;
using Tandem.Formats.ICalendar;

namespace Tandem.Bench.Formats;

/// <summary>
/// Parse and write of a 5,000-event calendar (single, all-day, weekly series with exceptions).
/// Throughput = the size printed at setup / the mean time; the goal is at least 100 MB/s parsing.
/// Run: dotnet run -c Release --project bench/Tandem.Bench -- --filter '*ICalendarBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class ICalendarBenchmarks
{
    private List<CanonicalItem> _items = [];
    private byte[] _bytes = [];

    [GlobalSetup]
    public void Setup()
    {
        _items = ICalendarSampleCalendar.Events(5000);
        _bytes = Encoding.UTF8.GetBytes(ICalendarCodec.WriteAll(_items));
        Console.WriteLine($"// calendar: {_items.Count} items, {_bytes.Length / 1_000_000.0:F2} MB");
    }

    [Benchmark]
    public int Parse() => ICalendarCodec.ReadAll(_bytes).Count;

    [Benchmark]
    public int Write() => ICalendarCodec.WriteAll(_items).Length;
}
