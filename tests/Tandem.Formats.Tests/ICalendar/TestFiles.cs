namespace Tandem.Formats.Tests.ICalendar;

/// <summary>Finds the test corpus and python oracles in the source tree (they are not copied to the output).</summary>
internal static class TestFiles
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tandem.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException("repository root (Tandem.slnx) not found above " + AppContext.BaseDirectory);
    });

    public static string ProjectDir => Path.Combine(Root.Value, "tests", "Tandem.Formats.Tests");

    public static string Corpus(string name) => Path.Combine(ProjectDir, "Corpus", "ical", name);

    public static string Python(string name) => Path.Combine(ProjectDir, "python", name);

    public static byte[] ReadCorpus(string name) => File.ReadAllBytes(Corpus(name));

    public static IEnumerable<string> CorpusFiles() =>
        Directory.EnumerateFiles(Path.Combine(ProjectDir, "Corpus", "ical"), "*.ics").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);
}
