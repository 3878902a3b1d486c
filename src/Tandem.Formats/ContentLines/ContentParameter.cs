namespace Tandem.Formats.ContentLines;

/// <summary>
/// One parameter of a content line. <see cref="Name"/> is upper-cased; <see cref="Values"/> are unquoted and
/// RFC 6868 decoded, split on unquoted commas.
/// </summary>
public sealed record ContentParameter(string Name, IReadOnlyList<string> Values)
{
    /// <summary>
    /// True for a vCard 2.1 parameter written without a name (";HOME;VOICE"); the reader files it under the
    /// name it implies (TYPE, ENCODING or VALUE) and the writer puts it back the same way.
    /// </summary>
    public bool IsBare { get; init; }

    public ContentParameter(string name, string value)
        : this(name, [value])
    {
    }

    public bool Equals(ContentParameter? other) =>
        other is not null && Name == other.Name && IsBare == other.IsBare && Values.SequenceEqual(other.Values);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Name);
        hash.Add(IsBare);
        foreach (var v in Values) hash.Add(v);
        return hash.ToHashCode();
    }
}
