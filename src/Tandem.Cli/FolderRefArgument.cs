using Tandem.Core.Groups;

namespace Tandem.Cli;

internal static class FolderRefArgument
{
    /// <summary>A REF from the command line, or a usage error saying what the expected shape is.</summary>
    public static FolderRef Parse(string text) =>
        FolderRef.TryParse(text, out var folder, out var error) ? folder : throw new CliUsageException(error);
}
