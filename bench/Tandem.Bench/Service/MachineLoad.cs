using System.Globalization;

namespace Tandem.Bench.Service;

/// <summary>
/// The whole machine's CPU over an interval (from /proc/stat: busy share of all cores) and its load average, so a
/// benchmark on a shared machine can say whether the cores were the limit. Zeros where /proc cannot be read.
/// </summary>
internal sealed class MachineLoad
{
    private readonly (long Busy, long Total) _start = Jiffies();
    private readonly List<double> _loads = [];

    /// <summary>Records the 1-minute load average now (call it while the run goes on).</summary>
    public void Sample()
    {
        try
        {
            _loads.Add(double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            // no figure on this system
        }
    }

    /// <summary>Busy share of all cores since construction (1.0 = every core busy), and the mean and peak sampled load average.</summary>
    public (double BusyShare, double BusyCores, double MeanLoad, double PeakLoad) Result()
    {
        var (busy, total) = Jiffies();
        var share = total > _start.Total ? (double)(busy - _start.Busy) / (total - _start.Total) : 0;
        return (share, share * Environment.ProcessorCount, _loads.Count == 0 ? 0 : _loads.Average(), _loads.Count == 0 ? 0 : _loads.Max());
    }

    private static (long Busy, long Total) Jiffies()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0);
            var total = fields.Take(8).Sum();
            return (total - idle, total);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return (0, 0);
        }
    }
}
