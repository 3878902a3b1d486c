using System.Globalization;

namespace Tandem.Panel;

/// <summary>How the pages write times: UTC, to the second, the same on every page.</summary>
public static class Fmt
{
    public static string Time(DateTimeOffset? at) => at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : "never";

    /// <summary>A group's latency as "last / p95" in seconds (the live script writes the same).</summary>
    public static string Latency(double? last, double? p95) =>
        last is { } l ? Seconds(l) + " / " + (p95 is { } p ? Seconds(p) : "–") : "–";

    private static string Seconds(double s) => s.ToString(s < 10 ? "0.00" : "0", CultureInfo.InvariantCulture) + " s";
}
