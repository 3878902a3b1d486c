using System.Text;

namespace Tandem.Formats.ContentLines;

/// <summary>One logical (unfolded) line of a vCard or iCalendar file: [group.]NAME;PARAM=…:value.</summary>
public sealed class ContentLine
{
    private static readonly IReadOnlyList<ContentParameter> NoParameters = [];

    // The value as written when it was quoted-printable, so ToUnfoldedLine gives back a valid line.
    private readonly string? _encodedValue;

    public ContentLine(string name, IReadOnlyList<ContentParameter>? parameters, string rawValue, int lineNumber = 0, string? group = null)
        : this(group, name, parameters ?? NoParameters, rawValue, lineNumber, null)
    {
    }

    internal ContentLine(string? group, string name, IReadOnlyList<ContentParameter> parameters, string rawValue, int lineNumber, string? encodedValue)
    {
        Group = group;
        Name = name;
        Parameters = parameters;
        RawValue = rawValue;
        LineNumber = lineNumber;
        _encodedValue = encodedValue;
    }

    /// <summary>vCard's "item1." prefix (Apple), or null.</summary>
    public string? Group { get; }

    /// <summary>Upper-cased property name.</summary>
    public string Name { get; }

    public IReadOnlyList<ContentParameter> Parameters { get; }

    /// <summary>
    /// The value as in the file after unfolding — still escaped — and after quoted-printable decoding
    /// (using CHARSET) when ENCODING=QUOTED-PRINTABLE.
    /// </summary>
    public string RawValue { get; }

    /// <summary>1-based physical line where the property starts.</summary>
    public int LineNumber { get; }

    /// <summary>True when the value was quoted-printable in the file (vCard 2.1) and <see cref="RawValue"/> is decoded.</summary>
    public bool WasQuotedPrintable => _encodedValue is not null;

    /// <summary>The value as written in the file when it was quoted-printable, else null.</summary>
    internal string? EncodedValue => _encodedValue;

    /// <summary>The first value of the named parameter, or null.</summary>
    public string? Param(string name)
    {
        // Index loops: foreach over the interface would allocate an enumerator on every call, for every line.
        var parameters = Parameters;
        for (var i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase) && p.Values.Count > 0) return p.Values[0];
        }
        return null;
    }

    /// <summary>
    /// Whether the named parameter has the value (case-insensitive). Bare vCard 2.1 parameters are filed under
    /// TYPE/ENCODING/VALUE, so ";HOME" matches ("TYPE", "HOME"); a quoted list ("TYPE=\"home,pref\"") is looked into too.
    /// </summary>
    public bool HasParamValue(string name, string value)
    {
        var parameters = Parameters;
        for (var i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            if (!string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) continue;
            var values = p.Values;
            for (var j = 0; j < values.Count; j++)
            {
                var v = values[j];
                if (string.Equals(v, value, StringComparison.OrdinalIgnoreCase)) return true;
                if (v.Contains(',') && ContainsListValue(v, value)) return true;
            }
        }
        return false;
    }

    /// <summary>The line as it would be written before folding, without the line break (for ExtraProperty.Line).</summary>
    public string ToUnfoldedLine()
    {
        var sb = new StringBuilder(Name.Length + RawValue.Length + 32);
        ContentLineWriter.AppendUnfolded(sb, Name, Parameters, _encodedValue ?? RawValue, Group);
        return sb.ToString();
    }

    public override string ToString() => ToUnfoldedLine();

    private static bool ContainsListValue(string list, string value)
    {
        foreach (var range in list.AsSpan().Split(','))
        {
            if (list.AsSpan(range).Trim().Equals(value, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }
}
