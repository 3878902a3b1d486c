using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tandem.Connectors.Local;
using Tandem.Core.Connectors;
using Tandem.Service;
using Tandem.Service.Runtime;
using Tandem.State.Sqlite;

namespace Tandem.Panel.Tests;

/// <summary>
/// <c>tandem serve --certificate</c>: Kestrel serves the panel over HTTPS with the given certificate (a password-protected
/// PKCS#12 file), the session cookie is then Secure; a wrong password stops the service with a clear error.
/// </summary>
public sealed class TlsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tandem-tls-" + Guid.NewGuid().ToString("N"));

    private const string CertificatePassword = "pfx-Pa55word";

    private (string Path, string Thumbprint) MakeCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddMinutes(-5), TimeProvider.System.GetUtcNow().AddDays(1));
        var path = Path.Combine(_dir, "panel.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, CertificatePassword));
        return (path, certificate.Thumbprint);
    }

    private async Task<ServiceSettings> SettingsAsync(string certificate, string password)
    {
        var state = Path.Combine(_dir, "tandem.db");
        await (await SqliteStateStore.OpenAsync(state, TimeProvider.System, default)).DisposeAsync();
        return new ServiceSettings
        {
            StatePath = state,
            Listen = $"https://127.0.0.1:{Tandem.Testing.Net.LoopbackPort.Free()}",
            CertificatePath = certificate,
            CertificatePassword = password,
        };
    }

    [Fact]
    public async Task Serve_WithACertificate_AnswersOverHttps_WithThatCertificate_AndSecureCookies()
    {
        Directory.CreateDirectory(_dir);
        var (path, thumbprint) = MakeCertificate();
        var settings = await SettingsAsync(path, CertificatePassword);
        using var stop = new CancellationTokenSource();
        IReadOnlyList<IConnectorFactory> factories = [new LocalConnectorFactory(TimeProvider.System)];
        var service = Task.Run(() => ServiceHost.RunAsync(settings, factories, TimeProvider.System, _ => null, stop.Token, new PanelAddOn()));
        string? served = null;
        using var handler = new HttpClientHandler
        {
            // the test's own self-signed certificate: accepted only when it is exactly the one given to serve
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => (served = certificate?.Thumbprint) == thumbprint,
            AllowAutoRedirect = false,
        };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(settings.Listen) };
        try
        {
            HttpResponseMessage? live = null;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (live is null)
            {
                Assert.False(service.IsCompleted, $"the service stopped with exit code {(service.IsCompleted ? await service : 0)}");
                try
                {
                    live = await http.GetAsync(new Uri("health/live", UriKind.Relative));
                }
                catch (HttpRequestException) when (clock.Elapsed < TimeSpan.FromSeconds(60))
                {
                    await Task.Delay(100);
                }
            }
            using (live)
                Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal(thumbprint, served);
            using var signIn = await http.GetAsync(new Uri("signin", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
            var cookies = signIn.Headers.GetValues("Set-Cookie").ToList();
            Assert.Contains(cookies, c => c.StartsWith("tandem.csrf=", StringComparison.Ordinal) && c.Contains("secure", StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            await stop.CancelAsync();
        }
        Assert.Equal(0, await service);
    }

    [Fact]
    public async Task Serve_WithAWrongCertificatePassword_ExitsWithStatus1()
    {
        Directory.CreateDirectory(_dir);
        var (path, _) = MakeCertificate();
        var settings = await SettingsAsync(path, "not-the-password");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Assert.Equal(1, await ServiceHost.RunAsync(settings, [], TimeProvider.System, _ => null, stop.Token, new PanelAddOn()));
        Assert.False(stop.IsCancellationRequested);
        Assert.Throws<Tandem.State.TandemConfigurationException>(() => ServiceCertificate.Load(path, "not-the-password"));
        Assert.Throws<Tandem.State.TandemConfigurationException>(() => ServiceCertificate.Load(Path.Combine(_dir, "missing.pfx"), null));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
