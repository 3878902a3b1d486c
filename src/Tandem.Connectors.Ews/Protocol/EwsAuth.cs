using System.Net.Http.Headers;
using System.Text;
using Microsoft.Identity.Client;

namespace Tandem.Connectors.Ews.Protocol;

/// <summary>Puts credentials on a request. Implementations hold secrets and must never log them.</summary>
internal interface IEwsAuth
{
    ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken);
}

internal sealed class NoAuth : IEwsAuth
{
    public static readonly NoAuth Instance = new();

    public ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

internal sealed class BasicAuth(string user, string password) : IEwsAuth
{
    private readonly string _header = Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));

    public ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", _header);
        return ValueTask.CompletedTask;
    }

    public override string ToString() => $"Basic({user})";
}

/// <summary>
/// App-only OAuth (client credentials) for Exchange Online: the only path left there since Basic auth and
/// ApplicationImpersonation were retired (ews-notes.md §5). MSAL caches and renews the token.
/// </summary>
internal sealed class OAuthAuth : IEwsAuth
{
    private readonly IConfidentialClientApplication _app;
    private readonly string[] _scopes;

    public OAuthAuth(string tenant, string clientId, string clientSecret, string? authority, string scope)
    {
        var builder = ConfidentialClientApplicationBuilder.Create(clientId).WithClientSecret(clientSecret);
        builder = authority is null
            ? builder.WithTenantId(tenant)
            : builder.WithAuthority(new Uri(authority.TrimEnd('/') + "/" + tenant));
        _app = builder.Build();
        _scopes = [scope];
    }

    public async ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var result = await _app.AcquireTokenForClient(_scopes).ExecuteAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", result.AccessToken);
    }

    public override string ToString() => "OAuth(client credentials)";
}
