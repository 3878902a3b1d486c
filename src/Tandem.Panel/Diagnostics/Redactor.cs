using System.Text.RegularExpressions;

namespace Tandem.Panel.Diagnostics;

/// <summary>
/// Takes secrets out of text bound for a diagnostic bundle: every stored secret value of every connection (whatever
/// key it sits under), values of settings whose names sound secret, and credentials in URLs.
/// </summary>
internal sealed partial class Redactor(IEnumerable<string> secrets)
{
    public const string Mask = "[redacted]";

    // shortest first would let a prefix mask part of a longer secret and leave its tail: longest first
    private readonly string[] _secrets = [.. secrets.Where(s => s.Length >= 3).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length)];

    [GeneratedRegex(@"(?<=://)[^/@\s:]+:[^/@\s]+(?=@)")]
    private static partial Regex UrlCredentials();

    public static bool SoundsSecret(string key) =>
        key.Contains("password", StringComparison.OrdinalIgnoreCase) || key.Contains("secret", StringComparison.OrdinalIgnoreCase)
        || key.Contains("token", StringComparison.OrdinalIgnoreCase) || key.Contains("key", StringComparison.OrdinalIgnoreCase);

    public string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var secret in _secrets) text = text.Replace(secret, Mask, StringComparison.Ordinal);
        return UrlCredentials().Replace(text, Mask);
    }
}
