using System.Globalization;
using Tandem.Core.Groups;

namespace Tandem.Connectors.Local.Feed;

/// <summary>A feed connection's settings: <c>url</c> (http or https, required) and <c>poll</c> (how often to ask, default one hour).</summary>
public sealed record FeedSettings(Uri Url, TimeSpan Poll)
{
    public const string UrlKey = "url";
    public const string PollKey = "poll";
    public static readonly TimeSpan DefaultPoll = TimeSpan.FromHours(1);
    public static readonly TimeSpan MinimumPoll = TimeSpan.FromSeconds(1);

    internal static FeedSettings From(ConnectionDefinition connection)
    {
        var text = connection.Setting(UrlKey);
        if (string.IsNullOrWhiteSpace(text)) throw new ArgumentException($"connection '{connection.Name}': feed connections need --url");
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            throw new ArgumentException($"connection '{connection.Name}': url '{text}' is not an http or https address");
        return new FeedSettings(url, ParsePoll(connection.Setting(PollKey), connection.Name));
    }

    /// <summary>"90s", "15m", "6h", "1d", or a TimeSpan ("00:15:00").</summary>
    public static TimeSpan ParsePoll(string? text, string connection)
    {
        if (string.IsNullOrWhiteSpace(text)) return DefaultPoll;
        text = text.Trim();
        TimeSpan poll;
        var unit = text[^1];
        if (unit is 's' or 'm' or 'h' or 'd' && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0)
            poll = unit switch { 's' => TimeSpan.FromSeconds(n), 'm' => TimeSpan.FromMinutes(n), 'h' => TimeSpan.FromHours(n), _ => TimeSpan.FromDays(n) };
        else if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out poll))
            throw new ArgumentException($"connection '{connection}': poll '{text}' is not an interval (90s, 15m, 6h, 1d)");
        if (poll < MinimumPoll) throw new ArgumentException($"connection '{connection}': poll '{text}' is shorter than {MinimumPoll.TotalSeconds:0} s");
        return poll;
    }
}
