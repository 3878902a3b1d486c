using System.CommandLine;
using Tandem.Core.Groups;

namespace Tandem.Cli.Commands;

/// <summary>
/// The options one connection type adds to <c>connection add</c> (local: --root; ews: --url, --user…), and how
/// they become settings and secrets. A new store type is one more implementation in <see cref="ConnectionTypes"/>.
/// </summary>
internal interface IConnectionType
{
    string Type { get; }

    IEnumerable<Option> Options { get; }

    (Dictionary<string, string> Settings, Dictionary<string, string> Secrets) Read(ParseResult parse);

    /// <summary>
    /// Settings the server itself tells, asked once when a tested connection is added and stored with it, so runs need
    /// not ask again (a DAV server's principal and homes). None by default.
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> DiscoverAsync(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets, CancellationToken ct) =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());
}

internal static class ConnectionTypes
{
    private static readonly EwsConnectionType Ews = new();

    public static IReadOnlyList<IConnectionType> All { get; } = [new LocalConnectionType(), Ews, new GraphConnectionType(Ews), new FeedConnectionType(), new DavConnectionType()];
}

/// <summary>Options several connection types take: one option object, so the command has it once.</summary>
internal static class SharedConnectionOptions
{
    public static Option<string?> Url { get; } = new("--url")
    {
        Description = "ews: EWS endpoint (https://mail.contoso.com/EWS/Exchange.asmx) instead of Autodiscover; feed: the http(s) address of an iCalendar or vCard feed",
    };
}
