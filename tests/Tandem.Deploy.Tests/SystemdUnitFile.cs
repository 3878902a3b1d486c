namespace Tandem.Deploy.Tests;

/// <summary>
/// A unit file's settings as systemd reads them: [Section] headers, Key=Value lines, '#'/';' comments. A key given
/// several times keeps every value in order (SystemCallFilter=, Environment=), as systemd accumulates them.
/// </summary>
internal sealed class SystemdUnitFile
{
    private readonly Dictionary<(string Section, string Key), List<string>> _values = [];

    private SystemdUnitFile() { }

    public static SystemdUnitFile Load(string path)
    {
        var unit = new SystemdUnitFile();
        var section = "";
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            if (line[0] == '[')
            {
                section = line.Trim('[', ']');
                continue;
            }
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            Assert.True(eq > 0, $"{path}: not a Key=Value line: {raw}");
            var key = (section, line[..eq].Trim());
            if (!unit._values.TryGetValue(key, out var list)) unit._values[key] = list = [];
            list.Add(line[(eq + 1)..].Trim());
        }
        return unit;
    }

    /// <summary>Every value given to the key, in order (empty when absent).</summary>
    public IReadOnlyList<string> All(string section, string key) =>
        _values.TryGetValue((section, key), out var list) ? list : [];

    /// <summary>The value that wins (the last one); fails the test when the key is absent.</summary>
    public string Single(string section, string key)
    {
        var all = All(section, key);
        Assert.True(all.Count > 0, $"[{section}] {key}= is not set");
        return all[^1];
    }

    /// <summary>A systemd time span ("300", "5min", "1min 30s") in seconds.</summary>
    public static TimeSpan ParseSeconds(string value)
    {
        var total = TimeSpan.Zero;
        foreach (var part in value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var digits = new string(part.TakeWhile(char.IsAsciiDigit).ToArray());
            var unit = part[digits.Length..];
            var n = int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
            total += unit switch
            {
                "" or "s" or "sec" => TimeSpan.FromSeconds(n),
                "m" or "min" => TimeSpan.FromMinutes(n),
                "h" or "hr" => TimeSpan.FromHours(n),
                _ => throw new FormatException($"time unit '{unit}' in '{value}' is not handled by this test"),
            };
        }
        return total;
    }
}
