using System.Globalization;

namespace Tandem.Panel;

/// <summary>How the pages write times: UTC, to the second, the same on every page.</summary>
public static class Fmt
{
    public static string Time(DateTimeOffset? at) => at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : "never";
}
