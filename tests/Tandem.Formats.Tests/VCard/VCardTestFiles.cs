using System.Runtime.CompilerServices;

namespace Tandem.Formats.Tests.VCard;

/// <summary>Finds the test project's own files from the source tree, so the csproj need not copy them.</summary>
internal static class VCardTestFiles
{
    public static string ProjectDirectory { get; } = Path.GetDirectoryName(Path.GetDirectoryName(ThisFile())!)!;

    public static string Corpus(string name) => Path.Combine(ProjectDirectory, "Corpus", "vcard", name);

    public static IEnumerable<string> AllCorpusFiles() => Directory.GetFiles(Path.Combine(ProjectDirectory, "Corpus", "vcard"), "*.vcf").Order(StringComparer.Ordinal);

    public static string Python(string name) => Path.Combine(ProjectDirectory, "python", name);

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
