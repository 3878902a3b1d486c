using System.Text;

namespace Tandem.Lab.Ews;

/// <summary>The mailboxes of an address header (RFC 5322 §3.4): <c>Name &lt;addr&gt;</c>, <c>"Last, First" &lt;addr&gt;</c> or a bare address, comma-separated.</summary>
internal static class MimeAddresses
{
    public static List<(string? Name, string Address)> Parse(string header)
    {
        var result = new List<(string?, string)>();
        foreach (var part in Split(header))
        {
            var text = part.Trim();
            var open = text.LastIndexOf('<');
            var close = text.LastIndexOf('>');
            if (open >= 0 && close > open)
            {
                var name = text[..open].Trim().Trim('"').Trim();
                result.Add((name.Length > 0 ? name : null, text[(open + 1)..close].Trim()));
            }
            else if (text.Contains('@', StringComparison.Ordinal))
            {
                result.Add((null, text));
            }
        }

        return result;
    }

    /// <summary>Splits at commas outside quotes and angle brackets.</summary>
    private static List<string> Split(string header)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        var angle = false;
        foreach (var c in header)
        {
            if (c == '"') quoted = !quoted;
            else if (c == '<' && !quoted) angle = true;
            else if (c == '>' && !quoted) angle = false;
            if (c == ',' && !quoted && !angle)
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        parts.Add(current.ToString());
        return parts;
    }
}
