namespace Tandem.Core.Groups;

/// <summary>
/// How to reach one store. <see cref="Settings"/> holds non-secret settings (root, url, user, auth…);
/// secrets (passwords, client secrets) live apart, encrypted at rest, and are handed to connectors only.
/// </summary>
public sealed record ConnectionDefinition(string Name, string Type, IReadOnlyDictionary<string, string> Settings)
{
    public string? Setting(string key) => Settings.TryGetValue(key, out var value) ? value : null;
}
