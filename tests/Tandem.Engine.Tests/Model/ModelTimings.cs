using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Tandem.Engine.Tests.Model;

/// <summary>
/// Where a sweep's time goes: elapsed time per part of a scenario (harness set-up, cycles, restarts, oracle) and per
/// state-store call the engine makes, summed over all scenarios. The bench's model-sweep prints it, so a change that
/// makes scenarios cheaper (or dearer) shows where.
/// </summary>
internal static class ModelTimings
{
    private static readonly ConcurrentDictionary<string, (long Ticks, long Count)> Parts = new(StringComparer.Ordinal);

    public static async Task<T> TimeAsync<T>(string part, Func<Task<T>> work)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return await work();
        }
        finally
        {
            Add(part, Stopwatch.GetTimestamp() - start);
        }
    }

    public static async Task TimeAsync(string part, Func<Task> work) =>
        await TimeAsync(part, async () => { await work(); return true; });

    public static T Time<T>(string part, Func<T> work)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return work();
        }
        finally
        {
            Add(part, Stopwatch.GetTimestamp() - start);
        }
    }

    private static void Add(string part, long ticks) => Parts.AddOrUpdate(part, (ticks, 1), (_, t) => (t.Ticks + ticks, t.Count + 1));

    public static string Summary()
    {
        if (Parts.IsEmpty) return "time by part: (none)";
        return "time by part (summed over threads; store calls are inside cycles): " + string.Join(", ",
            Parts.OrderByDescending(p => p.Value.Ticks).Select(p => string.Create(CultureInfo.InvariantCulture,
                $"{p.Key} {p.Value.Ticks / (double)Stopwatch.Frequency:F1} s/{p.Value.Count}")));
    }
}
