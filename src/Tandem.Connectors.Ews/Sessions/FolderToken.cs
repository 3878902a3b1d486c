namespace Tandem.Connectors.Ews.Sessions;

/// <summary>
/// The sync token a folder session hands the engine: the folder's EWS id in front of the reader's own token
/// (<c>fid:ID;INNER</c>), so the next session opens the folder by id and follows it through renames and moves.
/// A token without the prefix (written before folders were followed) is the reader's token as it is.
/// </summary>
internal static class FolderToken
{
    private const string Prefix = "fid:";

    public static string Join(string? folderId, string inner) => folderId is null ? inner : $"{Prefix}{folderId};{inner}";

    /// <summary>The folder id in the token, if it has one.</summary>
    public static string? FolderId(string? token)
    {
        if (token is null || !token.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var end = token.IndexOf(';', StringComparison.Ordinal);
        return end <= Prefix.Length ? null : token[Prefix.Length..end];
    }

    /// <summary>The reader's own token; null (read the whole folder) when none is left.</summary>
    public static string? Inner(string? token)
    {
        if (token is null || !token.StartsWith(Prefix, StringComparison.Ordinal)) return token;
        var end = token.IndexOf(';', StringComparison.Ordinal);
        var inner = end < 0 ? string.Empty : token[(end + 1)..];
        return inner.Length == 0 ? null : inner;
    }
}
