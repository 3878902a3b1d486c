using System.Text;

namespace Tandem.Lab.Ews;

/// <summary>One vCard / iCalendar content line: NAME;PARAM=VALUE:value (RFC 6350 §3.3, RFC 5545 §3.1).</summary>
internal sealed record ContentLine(string Name, IReadOnlyDictionary<string, string> Parameters, string Value)
{
    public string? Param(string name) => Parameters.GetValueOrDefault(name);

    /// <summary>TYPE values, from TYPE=A,B, repeated TYPE parameters and vCard 2.1's bare ones (TEL;HOME;FAX).</summary>
    public bool HasType(string type) =>
        Parameters.TryGetValue("TYPE", out var types) && types.Split(',').Any(t => string.Equals(t.Trim('"'), type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The value split at unescaped <paramref name="separator"/>, each part unescaped (N, ADR, ORG).</summary>
    public string[] Parts(char separator = ';') => Split(Value, separator).Select(Unescape).ToArray();

    public string Text => Unescape(Value);

    /// <summary>Unfolds and splits <paramref name="text"/> into content lines; lines that are not NAME:value are skipped.</summary>
    public static List<ContentLine> Parse(string text)
    {
        var unfolded = text.Replace("\r\n ", string.Empty, StringComparison.Ordinal).Replace("\r\n\t", string.Empty, StringComparison.Ordinal)
            .Replace("\n ", string.Empty, StringComparison.Ordinal).Replace("\n\t", string.Empty, StringComparison.Ordinal);
        var lines = new List<ContentLine>();
        foreach (var raw in unfolded.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var colon = ValueStart(line);
            if (colon <= 0) continue;
            var head = Split(line[..colon], ';');
            var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var p in head.Skip(1))
            {
                var eq = p.IndexOf('=', StringComparison.Ordinal);
                var (key, value) = eq < 0 ? ("TYPE", p) : (p[..eq], p[(eq + 1)..].Trim('"'));
                parameters[key] = parameters.TryGetValue(key, out var before) ? before + "," + value : value;
            }

            var name = head[0];
            var dot = name.LastIndexOf('.');
            lines.Add(new ContentLine((dot < 0 ? name : name[(dot + 1)..]).ToUpperInvariant(), parameters, line[(colon + 1)..]));
        }

        return lines;
    }

    /// <summary>The first colon outside a quoted parameter value.</summary>
    private static int ValueStart(string line)
    {
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"') quoted = !quoted;
            else if (line[i] == ':' && !quoted) return i;
        }

        return -1;
    }

    private static List<string> Split(string value, char separator)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                current.Append(value, i, 2);
                i++;
            }
            else if (value[i] == separator)
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(value[i]);
            }
        }

        parts.Add(current.ToString());
        return parts;
    }

    private static string Unescape(string value)
    {
        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
                text.Append(value[i] is 'n' or 'N' ? '\n' : value[i]);
            }
            else
            {
                text.Append(value[i]);
            }
        }

        return text.ToString();
    }
}
