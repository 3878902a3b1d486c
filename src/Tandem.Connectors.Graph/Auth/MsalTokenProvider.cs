using System.Security.Cryptography.X509Certificates;
using Microsoft.Identity.Client;
using Microsoft.Kiota.Abstractions.Authentication;

namespace Tandem.Connectors.Graph.Auth;

/// <summary>
/// App-only tokens through MSAL's client-credential flow (a client secret or a certificate), for the Graph host only: a
/// token is never handed to another host. MSAL caches the token and renews it before it expires.
/// </summary>
internal sealed class MsalTokenProvider : IAccessTokenProvider
{
    private readonly IConfidentialClientApplication _app;
    private readonly string[] _scopes;

    public MsalTokenProvider(GraphSettings settings)
    {
        var builder = ConfidentialClientApplicationBuilder.Create(settings.ClientId)
            .WithAuthority(new Uri(settings.Authority, settings.Tenant).ToString());
        builder = settings.CertificatePath is { } path
            ? builder.WithCertificate(LoadCertificate(path))
            : builder.WithClientSecret(settings.ClientSecret);
        _app = builder.Build();
        _scopes = [settings.BaseUrl.GetLeftPart(UriPartial.Authority) + "/.default"];
        AllowedHostsValidator = new AllowedHostsValidator([settings.BaseUrl.Host]);
    }

    public AllowedHostsValidator AllowedHostsValidator { get; }

    public async Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
    {
        if (!AllowedHostsValidator.IsUrlHostValid(uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            return string.Empty;
        }

        var result = await _app.AcquireTokenForClient(_scopes).ExecuteAsync(cancellationToken).ConfigureAwait(false);
        return result.AccessToken;
    }

    private static X509Certificate2 LoadCertificate(string path)
    {
        if (!File.Exists(path))
        {
            throw new ArgumentException($"the certificate file '{path}' does not exist");
        }

        return path.EndsWith(".pem", StringComparison.OrdinalIgnoreCase)
            ? X509Certificate2.CreateFromPemFile(path)
            : X509CertificateLoader.LoadPkcs12FromFile(path, password: null);
    }
}
