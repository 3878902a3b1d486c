using System.CommandLine;

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
}

internal static class ConnectionTypes
{
    public static IReadOnlyList<IConnectionType> All { get; } = [new LocalConnectionType(), new EwsConnectionType(), new DavConnectionType()];
}
