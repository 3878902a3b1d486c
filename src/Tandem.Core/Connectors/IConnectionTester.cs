using Tandem.Core.Groups;

namespace Tandem.Core.Connectors;

/// <summary>One step of a connection test: its name, whether it passed, and what it found or why it failed.</summary>
public sealed record CheckStep(string Name, bool Ok, string Detail);

/// <summary>Where a connection's server is, as a tester found it (after Autodiscover, when the connection uses it).</summary>
/// <param name="Endpoint">The server the network steps (DNS, TCP, TLS) look at; null when the store has none (a directory).</param>
/// <param name="Steps">What finding it took (Autodiscover), each step's outcome.</param>
public sealed record CheckLocation(Uri? Endpoint, IReadOnlyList<CheckStep> Steps);

/// <summary>
/// What a connector factory can say about a connection before it is stored (<c>tandem connection test</c>, the panel's
/// test button): where its server is, then — after the caller checked DNS, TCP and TLS — whether it lets Tandem in
/// (authentication, rights such as impersonation, the server's version). A factory without it is tested generically
/// (open the connection and list its folders).
/// </summary>
public interface IConnectionTester
{
    Task<CheckLocation> LocateAsync(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets, CancellationToken cancellationToken);

    Task<IReadOnlyList<CheckStep>> CheckAccessAsync(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets, Uri? endpoint, CancellationToken cancellationToken);
}
