using System.CommandLine;
using Tandem.Connectors.Local;

namespace Tandem.Cli.Commands;

/// <summary><c>connection add NAME --type local --root DIR [--vcard 3.0] [--no-fsync]</c>.</summary>
internal sealed class LocalConnectionType : IConnectionType
{
    private readonly Option<string?> _root = new("--root") { Description = "local: the directory holding MAILBOX/Folder/Path directories" };
    private readonly Option<string?> _vcard = new("--vcard") { Description = "local: vCard version written (2.1, 3.0, 4.0; default 3.0)" };
    private readonly Option<bool> _noFsync = new("--no-fsync") { Description = "local: do not flush each file to disk (faster; a power cut may lose recent writes)" };

    public string Type => LocalConnectorFactory.Type;

    public IEnumerable<Option> Options => [_root, _vcard, _noFsync];

    public (Dictionary<string, string> Settings, Dictionary<string, string> Secrets) Read(ParseResult parse)
    {
        var root = parse.GetValue(_root);
        if (string.IsNullOrWhiteSpace(root)) throw new CliUsageException("local connections need --root DIR");
        var settings = new Dictionary<string, string> { ["root"] = Path.GetFullPath(root) };
        if (parse.GetValue(_vcard) is { } version)
        {
            if (version is not ("2.1" or "3.0" or "4.0")) throw new CliUsageException($"--vcard '{version}' is not 2.1, 3.0 or 4.0");
            settings["vcard"] = version;
        }
        if (parse.GetValue(_noFsync)) settings["fsync"] = "false";
        return (settings, []);
    }
}
