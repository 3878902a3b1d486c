using Tandem.Testing;

namespace Tandem.Formats.Tests.ICalendar;

/// <summary>Finds the test corpus and python oracles in the source tree (they are not copied to the output).</summary>
internal static class TestFiles
{
    public static string ProjectDir => RepositoryRoot.Combine("tests", "Tandem.Formats.Tests");

    public static string Corpus(string name) => Path.Combine(ProjectDir, "Corpus", "ical", name);

    public static string Python(string name) => Path.Combine(ProjectDir, "python", name);

    public static byte[] ReadCorpus(string name) => File.ReadAllBytes(Corpus(name));

    public static IEnumerable<string> CorpusFiles() =>
        Directory.EnumerateFiles(Path.Combine(ProjectDir, "Corpus", "ical"), "*.ics").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);
}
