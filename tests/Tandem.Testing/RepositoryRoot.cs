namespace Tandem.Testing;

/// <summary>The checkout the tests run from, for files that are not copied to the output (corpora, scripts, deploy/).</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Tandem.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException("repository root (Tandem.slnx) not found above " + AppContext.BaseDirectory);
    });

    public static string Path => Root.Value;

    /// <summary>A path below the root, from its segments.</summary>
    public static string Combine(params string[] segments) => System.IO.Path.Combine([Root.Value, .. segments]);
}
