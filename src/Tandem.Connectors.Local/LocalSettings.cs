using Tandem.Core.Groups;
using Tandem.Formats.VCard;

namespace Tandem.Connectors.Local;

/// <summary>
/// A local connection's settings: <c>root</c> (required), <c>vcard</c> (2.1, 3.0 default, 4.0) and <c>fsync</c>
/// (true by default: each file is flushed to disk before it is renamed into place).
/// </summary>
internal sealed record LocalSettings(string Root, VCardVersion VCardVersion, bool Durable)
{
    public const string RootKey = "root";
    public const string VCardKey = "vcard";
    public const string FsyncKey = "fsync";

    public static LocalSettings From(ConnectionDefinition connection)
    {
        var root = connection.Setting(RootKey);
        if (string.IsNullOrWhiteSpace(root)) throw new ArgumentException($"connection '{connection.Name}': local connections need a root directory (--root DIR)");
        var fsync = connection.Setting(FsyncKey);
        var durable = fsync is null || !bool.TryParse(fsync, out var parsed) || parsed;
        return new LocalSettings(Path.GetFullPath(root), VCardFileFormat.ParseVersion(connection.Setting(VCardKey)), durable);
    }
}
