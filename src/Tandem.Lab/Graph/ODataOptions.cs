using System.Text.RegularExpressions;

namespace Tandem.Lab.Graph;

/// <summary>
/// The few OData query forms the Graph face understands, as Graph documents them for extended properties:
/// $expand=singleValueExtendedProperties($filter=id eq '…' or id eq '…') and
/// $filter=singleValueExtendedProperties/any(ep: ep/id eq '…' and ep/value eq '…'). Anything else in $filter is refused
/// (a 400), never ignored: a filter silently dropped would make a listing look complete when it is not.
/// </summary>
internal static partial class ODataOptions
{
    public static IReadOnlyList<string> ExpandedExtendedIds(string? expand) =>
        expand is null || !expand.Contains("singleValueExtendedProperties", StringComparison.OrdinalIgnoreCase)
            ? []
            : IdEquals().Matches(expand).Select(m => m.Groups[1].Value).ToList();

    /// <summary>The (id, value) an extended-property filter asks for; null without $filter; throws on a form not understood.</summary>
    public static (string Id, string Value)? ExtendedFilter(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return null;
        }

        var m = AnyFilter().Match(filter);
        return m.Success
            ? (m.Groups[2].Value, m.Groups[3].Value.Replace("''", "'", StringComparison.Ordinal))
            : throw new FormatException("$filter supports only singleValueExtendedProperties/any(ep: ep/id eq '…' and ep/value eq '…').");
    }

    [GeneratedRegex(@"\bid eq '([^']*)'", RegexOptions.IgnoreCase)]
    private static partial Regex IdEquals();

    [GeneratedRegex(@"^\s*singleValueExtendedProperties/any\(\s*(\w+)\s*:\s*\1/id eq '([^']*)' and \1/value eq '((?:[^']|'')*)'\s*\)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex AnyFilter();
}
