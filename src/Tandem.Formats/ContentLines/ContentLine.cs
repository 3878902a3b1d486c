using System.Buffers;
using System.Text;

namespace Tandem.Formats.ContentLines;

/// <summary>One logical (unfolded) line of a vCard or iCalendar file: [group.]NAME;PARAM=…:value.</summary>
public sealed class ContentLine
{
    private static readonly IReadOnlyList<ContentParameter> NoParameters = [];

    // Kept small, as a calendar holds a hundred thousand of these at once: what few lines have (a vCard group, the
    // quoted-printable text) sits in a LineRarities, which then also holds the arena; most lines point at the arena.
    private object? _source;

    // A value not decoded yet lies in the arena; _rawValue is null until RawValue is first read.
    private string? _rawValue;
    private int _valueStart;
    private int _valueLength;
    private bool _utf8;

    public ContentLine(string name, IReadOnlyList<ContentParameter>? parameters, string rawValue, int lineNumber = 0, string? group = null)
        : this(group, name, parameters ?? NoParameters, rawValue, lineNumber, null)
    {
    }

    internal ContentLine(string? group, string name, IReadOnlyList<ContentParameter> parameters, string rawValue, int lineNumber, string? encodedValue)
    {
        Set(group, name, parameters, rawValue, lineNumber, encodedValue);
    }

    /// <summary>A line whose value stays bytes in <paramref name="arena"/> until it is asked for.</summary>
    internal ContentLine(string? group, string name, IReadOnlyList<ContentParameter> parameters, LineArena arena, int valueStart, int valueLength, bool utf8, int lineNumber)
    {
        Set(group, name, parameters, arena, valueStart, valueLength, utf8, lineNumber);
    }

    /// <summary>
    /// Makes this line another one: a reader whose lines do not outlive a card reuses them for the next card
    /// instead of allocating a new set (see <see cref="RecycledLines"/>).
    /// </summary>
    internal void Set(string? group, string name, IReadOnlyList<ContentParameter> parameters, string rawValue, int lineNumber, string? encodedValue)
    {
        Name = name;
        Parameters = parameters;
        LineNumber = lineNumber;
        _source = group is null && encodedValue is null ? null : new LineRarities(group, encodedValue, null);
        _rawValue = rawValue;
        _valueStart = _valueLength = 0;
        _utf8 = true;
    }

    /// <inheritdoc cref="Set(string?, string, IReadOnlyList{ContentParameter}, string, int, string?)"/>
    internal void Set(string? group, string name, IReadOnlyList<ContentParameter> parameters, LineArena arena, int valueStart, int valueLength, bool utf8, int lineNumber)
    {
        Name = name;
        Parameters = parameters;
        LineNumber = lineNumber;
        _source = group is null ? arena : new LineRarities(group, null, arena);
        _rawValue = null;
        _valueStart = valueStart;
        _valueLength = valueLength;
        _utf8 = utf8;
    }

    /// <summary>The line's fields, to be given back to a line by <see cref="Load"/>.</summary>
    internal LineState State => new(Name, Parameters, _source, _rawValue, _valueStart, _valueLength, _utf8, LineNumber);

    /// <summary>Makes this line the one <paramref name="state"/> was taken from.</summary>
    internal void Load(in LineState state)
    {
        Name = state.Name;
        Parameters = state.Parameters;
        LineNumber = state.LineNumber;
        _source = state.Source;
        _rawValue = state.RawValue;
        _valueStart = state.ValueStart;
        _valueLength = state.ValueLength;
        _utf8 = state.Utf8;
    }

    /// <summary>vCard's "item1." prefix (Apple), or null.</summary>
    public string? Group => (_source as LineRarities)?.Group;

    /// <summary>Upper-cased property name.</summary>
    public string Name { get; private set; } = "";

    public IReadOnlyList<ContentParameter> Parameters { get; private set; } = NoParameters;

    /// <summary>
    /// The value as in the file after unfolding — still escaped — and after quoted-printable decoding
    /// (using CHARSET) when ENCODING=QUOTED-PRINTABLE.
    /// </summary>
    public string RawValue => _rawValue ??= DecodeValue();

    /// <summary>1-based physical line where the property starts.</summary>
    public int LineNumber { get; private set; }

    /// <summary>True when the value was quoted-printable in the file (vCard 2.1) and <see cref="RawValue"/> is decoded.</summary>
    public bool WasQuotedPrintable => EncodedValue is not null;

    /// <summary>The value as written in the file when it was quoted-printable, else null.</summary>
    internal string? EncodedValue => (_source as LineRarities)?.EncodedValue;

    // The arena holding the undecoded value, or null once there is nothing to decode.
    private LineArena? Arena => _source as LineArena ?? (_source as LineRarities)?.Arena;

    /// <summary>
    /// The value's characters without making a string when they fit in <paramref name="buffer"/> (a UTF-8 value never
    /// has more characters than bytes); otherwise <see cref="RawValue"/>. The span is only valid until the buffer is reused.
    /// </summary>
    internal ReadOnlySpan<char> Chars(Span<char> buffer)
    {
        if (_rawValue is null && _utf8 && _valueLength <= buffer.Length && Arena is { } arena)
        {
            return buffer[..Encoding.UTF8.GetChars(arena.Slice(_valueStart, _valueLength), buffer)];
        }
        return RawValue;
    }

    /// <summary>Whether the value, trimmed, is <paramref name="value"/> (case-insensitive), without decoding it into a string.</summary>
    internal bool ValueIs(string value)
    {
        Span<char> buffer = stackalloc char[64];
        return Chars(buffer).Trim().Equals(value, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// <see cref="TextValue.Unescape(string)"/> of the value, making one string rather than the escaped one too; a short
    /// text comes from <paramref name="strings"/> when one is given.
    /// </summary>
    internal string UnescapedText(StringTable? strings = null)
    {
        if (_rawValue is not null || !_utf8 || Arena is not { } arena) return TextValue.Unescape(RawValue);
        var bytes = arena.Slice(_valueStart, _valueLength);
        // No escape: the decoded value is the text, and it is kept as RawValue for whoever asks next.
        if (strings is null && bytes.IndexOf((byte)'\\') < 0) return RawValue;
        char[]? rented = null;
        var buffer = bytes.Length <= 256 ? stackalloc char[256] : (rented = ArrayPool<char>.Shared.Rent(bytes.Length));
        var text = TextValue.Unescape(buffer[..Encoding.UTF8.GetChars(bytes, buffer)], strings);
        if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        return text;
    }

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
        ContentLineWriter.AppendUnfolded(sb, Name, Parameters, EncodedValue ?? RawValue, Group);
        return sb.ToString();
    }

    public override string ToString() => ToUnfoldedLine();

    private string DecodeValue()
    {
        if (Arena is not { } arena) return string.Empty;
        var bytes = arena.Slice(_valueStart, _valueLength);
        // Not UTF-8 and a declared charset (Outlook's CHARSET=Windows-1252 on 8-bit lines): believe the declaration.
        var declared = _utf8 ? null : Param("CHARSET");
        return declared is null ? TextDecoding.Decode(bytes, _utf8) : TextDecoding.DecodeCharset(bytes, declared);
    }

    /// <summary>What only some lines have; one object for those, none for the others.</summary>
    private sealed record LineRarities(string? Group, string? EncodedValue, LineArena? Arena);

    private static bool ContainsListValue(string list, string value)
    {
        foreach (var range in list.AsSpan().Split(','))
        {
            if (list.AsSpan(range).Trim().Equals(value, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }
}
