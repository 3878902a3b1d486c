using System.CommandLine;
using Tandem.Connectors.Local.Feed;

namespace Tandem.Cli.Commands;

/// <summary><c>connection add NAME --type feed --url URL [--poll 1h]</c>: a published iCalendar/vCard feed, read-only (a source).</summary>
internal sealed class FeedConnectionType : IConnectionType
{
    private readonly Option<string?> _url = SharedConnectionOptions.Url;
    private readonly Option<string?> _poll = new("--poll") { Description = "feed: how often the service asks the feed (90s, 15m, 6h, 1d; default 1h)" };

    public string Type => FeedConnectorFactory.Type;

    public IEnumerable<Option> Options => [_url, _poll];

    public (Dictionary<string, string> Settings, Dictionary<string, string> Secrets) Read(ParseResult parse)
    {
        var url = parse.GetValue(_url);
        if (string.IsNullOrWhiteSpace(url)) throw new CliUsageException("feed connections need --url URL");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new CliUsageException($"--url '{url}' is not an http or https address");
        var settings = new Dictionary<string, string> { ["url"] = uri.ToString() };
        if (parse.GetValue(_poll) is { } poll)
        {
            try { FeedSettings.ParsePoll(poll, "--poll"); }
            catch (ArgumentException e) { throw new CliUsageException(e.Message); }
            settings["poll"] = poll;
        }
        return (settings, []);
    }
}
