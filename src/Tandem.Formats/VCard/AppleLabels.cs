namespace Tandem.Formats.VCard;

/// <summary>
/// Apple (and Google) attach a label to a grouped property with "itemN.X-ABLabel". Built-in labels are
/// wrapped as "_$!&lt;Mobile&gt;!$_"; custom ones are plain text.
/// </summary>
internal static class AppleLabels
{
    public static string Normalize(string label)
    {
        var s = label.Trim();
        if (s.StartsWith("_$!<", StringComparison.Ordinal) && s.EndsWith(">!$_", StringComparison.Ordinal) && s.Length >= 8)
        {
            s = s[4..^4];
        }
        return s.ToLowerInvariant();
    }
}
