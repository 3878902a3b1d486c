using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Tandem.Core.Connectors;

namespace Tandem.Engine.Probes;

/// <summary>
/// The network steps of a connection test for one server: DNS, TCP, and TLS (the certificate's subject and expiry, or
/// why it was refused). Each step stops the test when it fails: nothing after it could work.
/// </summary>
internal static class NetworkProbe
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(10);

    public static async Task<IReadOnlyList<CheckStep>> RunAsync(Uri endpoint, TimeProvider time, CancellationToken ct)
    {
        var steps = new List<CheckStep>();
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(endpoint.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(endpoint.DnsSafeHost, ct).ConfigureAwait(false);
            if (addresses.Length == 0) throw new SocketException((int)SocketError.HostNotFound);
            steps.Add(new CheckStep("DNS", true, $"{endpoint.Host} -> {string.Join(", ", addresses.Take(4).Select(a => a.ToString()))}"));
        }
        catch (SocketException e)
        {
            steps.Add(new CheckStep("DNS", false, $"{endpoint.Host}: {e.Message}"));
            return steps;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(StepTimeout);
        using var client = new TcpClient(addresses[0].AddressFamily);
        try
        {
            await client.ConnectAsync(addresses, endpoint.Port, timeout.Token).ConfigureAwait(false);
            steps.Add(new CheckStep("TCP", true, $"connected to {endpoint.Host}:{endpoint.Port}"));
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            steps.Add(new CheckStep("TCP", false, $"{endpoint.Host}:{endpoint.Port}: {(e is SocketException ? e.Message : $"no answer within {StepTimeout.TotalSeconds:0} s")}"));
            return steps;
        }
        if (endpoint.Scheme != Uri.UriSchemeHttps)
        {
            steps.Add(new CheckStep("TLS", true, "not used (http): credentials travel unencrypted, fine on loopback only"));
            return steps;
        }
        X509Certificate2? certificate = null;
        var errors = SslPolicyErrors.None;
        await using var tls = new SslStream(client.GetStream(), false, (_, cert, _, policy) =>
        {
            certificate = cert is null ? null : new X509Certificate2(cert);
            errors = policy;
            return policy == SslPolicyErrors.None;
        });
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = endpoint.DnsSafeHost }, timeout.Token).ConfigureAwait(false);
            steps.Add(new CheckStep("TLS", true, $"{tls.SslProtocol}, {Describe(certificate, time)}"));
        }
        catch (Exception e) when (e is System.Security.Authentication.AuthenticationException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            var why = errors != SslPolicyErrors.None ? $"certificate refused ({errors})" : e.Message;
            steps.Add(new CheckStep("TLS", false, $"{why}; {Describe(certificate, time)}"));
        }
        finally
        {
            certificate?.Dispose();
        }
        return steps;
    }

    private static string Describe(X509Certificate2? certificate, TimeProvider time)
    {
        if (certificate is null) return "no certificate received";
        var expires = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        var days = (int)Math.Floor((expires - time.GetUtcNow()).TotalDays);
        var left = days < 0 ? $"EXPIRED {-days} days ago" : $"{days} days left";
        return $"certificate {certificate.Subject} issued by {certificate.Issuer}, valid until {expires.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} ({left})";
    }
}
