using System.Net;
using System.Text.RegularExpressions;

namespace Tandem.Lab.Ews;

/// <summary>
/// The plain text Exchange derives from an HTML body for item:TextBody: head, scripts and styles dropped, block ends
/// as line breaks, tags removed, entities decoded.
/// </summary>
internal static partial class HtmlText
{
    public static string ToText(string html)
    {
        var text = Hidden().Replace(html, string.Empty);
        text = Breaks().Replace(text, "\n");
        text = Tags().Replace(text, string.Empty);
        text = WebUtility.HtmlDecode(text);
        return Blank().Replace(text, "\n\n").Trim();
    }

    [GeneratedRegex(@"<(head|script|style)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Hidden();

    [GeneratedRegex(@"<br\s*/?>|</(p|div|li|tr|h[1-6])\s*>", RegexOptions.IgnoreCase)]
    private static partial Regex Breaks();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"(\r?\n\s*){3,}")]
    private static partial Regex Blank();
}
