namespace Tandem.Connectors.Dav.Discovery;

/// <summary>URL helpers: collections end in '/', member names are the last path segment, escaped once.</summary>
internal static class DavPaths
{
    public static Uri Collection(Uri url) => url.AbsolutePath.EndsWith('/') ? url : new Uri(url, url.AbsolutePath + "/");

    public static Uri Child(Uri collection, string name, bool isCollection = false) =>
        new(collection, Uri.EscapeDataString(name) + (isCollection ? "/" : ""));

    /// <summary>The member name of <paramref name="href"/> (unescaped), or null when it is not a direct member of <paramref name="collection"/>.</summary>
    public static string? MemberName(Uri collection, string href)
    {
        var path = Unescape(new Uri(collection, href).AbsolutePath);
        var parent = Unescape(collection.AbsolutePath);
        if (!path.StartsWith(parent, StringComparison.Ordinal)) return null;
        var name = path[parent.Length..];
        return name.Length == 0 || name.Contains('/', StringComparison.Ordinal) ? null : name;
    }

    /// <summary>The last segment of a collection URL, unescaped (the folder name).</summary>
    public static string LastSegment(Uri collection) => Unescape(collection.AbsolutePath.TrimEnd('/').Split('/')[^1]);

    private static string Unescape(string path) => Uri.UnescapeDataString(path);
}
