using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tandem.State;

namespace Tandem.Service;

/// <summary>
/// Loads the certificate <c>tandem serve --certificate</c> serves HTTPS with: PKCS#12 (.pfx/.p12) or PEM (certificate and
/// private key in one file). A file that cannot be used is a configuration error naming the file and why.
/// </summary>
public static class ServiceCertificate
{
    public static X509Certificate2 Load(string path, string? password)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new TandemConfigurationException($"--certificate: no file at {path}");
        X509Certificate2 certificate;
        try
        {
            certificate = path.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".crt", StringComparison.OrdinalIgnoreCase)
                ? password is null ? X509Certificate2.CreateFromPemFile(path) : X509Certificate2.CreateFromEncryptedPemFile(path, password)
                : X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (CryptographicException e)
        {
            throw new TandemConfigurationException($"--certificate {path}: cannot be read ({e.Message.Trim()}); a wrong or missing password?", e);
        }
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new TandemConfigurationException($"--certificate {path}: has no private key");
        }
        return certificate;
    }
}
