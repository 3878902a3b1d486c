using System.Text;

namespace Tandem.Formats.ContentLines;

/// <summary>RFC 6868 parameter value encoding: ^n newline, ^' double quote, ^^ caret.</summary>
internal static class Rfc6868
{
    public static string Decode(string value)
    {
        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '^' && i + 1 < value.Length)
            {
                var next = value[i + 1];
                var replacement = next switch
                {
                    'n' or 'N' => '\n',
                    '\'' => '"',
                    '^' => '^',
                    _ => '\0',
                };
                if (replacement != '\0')
                {
                    sb.Append(replacement);
                    i++;
                    continue;
                }
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

    public static bool NeedsEncoding(string value) => value.AsSpan().IndexOfAny('^', '"', '\n') >= 0 || value.Contains('\r');

    public static string Encode(string value)
    {
        var sb = new StringBuilder(value.Length + 8);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '^': sb.Append("^^"); break;
                case '"': sb.Append("^'"); break;
                case '\n': sb.Append("^n"); break;
                case '\r':
                    sb.Append("^n");
                    if (i + 1 < value.Length && value[i + 1] == '\n') i++;
                    break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }
}
