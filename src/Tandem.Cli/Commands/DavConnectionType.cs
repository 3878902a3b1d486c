using System.CommandLine;
using Tandem.Connectors.Dav;
using Tandem.Core.Groups;

namespace Tandem.Cli.Commands;

/// <summary>
/// <c>connection add NAME --type dav --url URL [--user USER --password-stdin] [--vcard 3.0|4.0]</c>: a CalDAV/CardDAV
/// server; the URL may be the server root (discovery finds the principal and its homes, stored with the connection once
/// its test passed, so a run does not discover again). The password comes from stdin only.
/// The options share their names (and meaning) with the ews and local ones, so they are read by name.
/// </summary>
internal sealed class DavConnectionType : IConnectionType
{
    private readonly Option<string?> _url = new("--url") { Description = "dav: the server (http(s)://host[:port]/[path]); discovery finds calendars and address books from it" };
    private readonly Option<string?> _user = new("--user") { Description = "dav: user name (omit for a server without authentication)" };
    private readonly Option<bool> _passwordStdin = new("--password-stdin") { Description = "dav: read the password from the first line of stdin" };
    private readonly Option<string?> _vcard = new("--vcard") { Description = "dav: vCard version written to address books (3.0 or 4.0; default 3.0)" };
    private readonly Func<TextReader> _stdin;

    public DavConnectionType() : this(() => Console.In)
    {
    }

    internal DavConnectionType(Func<TextReader> stdin) => _stdin = stdin;

    public string Type => DavConnectorFactory.Type;

    public IEnumerable<Option> Options => [_url, _user, _passwordStdin, _vcard];

    public (Dictionary<string, string> Settings, Dictionary<string, string> Secrets) Read(ParseResult parse)
    {
        var url = parse.GetValue<string?>(_url.Name);
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new CliUsageException($"dav connections need --url http(s)://SERVER (got '{url}')");
        }
        var settings = new Dictionary<string, string> { ["url"] = uri.ToString() };
        var user = parse.GetValue<string?>(_user.Name);
        if (!string.IsNullOrWhiteSpace(user)) settings["user"] = user;
        if (parse.GetValue<string?>(_vcard.Name) is { } version)
        {
            if (version is not ("3.0" or "4.0")) throw new CliUsageException($"--vcard '{version}' is not 3.0 or 4.0 (what CardDAV servers take)");
            settings["vcard"] = version;
        }
        var secrets = new Dictionary<string, string>();
        if (parse.GetValue<bool>(_passwordStdin.Name))
        {
            if (user is null) throw new CliUsageException("--password-stdin needs --user");
            var password = _stdin().ReadLine();
            if (string.IsNullOrEmpty(password)) throw new CliUsageException("--password-stdin: stdin gave no password line");
            secrets["password"] = password;
        }
        return (settings, secrets);
    }

    public Task<IReadOnlyDictionary<string, string>> DiscoverAsync(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets, CancellationToken ct) =>
        new DavConnectorFactory().DiscoverSettingsAsync(connection, secrets, ct);
}
