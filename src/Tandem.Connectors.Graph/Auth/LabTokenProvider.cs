using Microsoft.Kiota.Abstractions.Authentication;

namespace Tandem.Connectors.Graph.Auth;

/// <summary>
/// The lab takes any bearer token: this one sends a fixed one, to loopback hosts only (settings refuse a tenant-less
/// connection anywhere else), so no real Graph host ever sees it.
/// </summary>
internal sealed class LabTokenProvider(Uri baseUrl) : IAccessTokenProvider
{
    public AllowedHostsValidator AllowedHostsValidator { get; } = new([baseUrl.Host]);

    public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(uri.IsLoopback && AllowedHostsValidator.IsUrlHostValid(uri) ? "tandem-lab" : string.Empty);
}
