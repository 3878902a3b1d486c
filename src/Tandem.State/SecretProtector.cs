using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Tandem.State;

/// <summary>
/// AES-256-GCM for connection secrets. The connection name is the associated data, so a ciphertext copied
/// onto another connection's row does not decrypt.
/// </summary>
/// <remarks>
/// Kept here, beside the contracts, rather than in a provider: neither the cipher nor the key rule ($TANDEM_KEY, else a
/// key file created owner-only) depends on where the ciphertext is stored, and every provider must encrypt secrets the
/// same way (a PostgreSQL provider reuses this, a copy could drift). Internal, visible to the providers.
/// </remarks>
internal sealed class SecretProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    internal SecretProtector(byte[] key) => _key = key;

    /// <summary>
    /// The key comes from <paramref name="environmentKey"/> (base64 of 32 bytes, or any passphrase, hashed),
    /// else from a key file beside the database, created on first use readable by the owner only.
    /// </summary>
    public static SecretProtector Open(string databasePath, string? environmentKey)
    {
        if (!string.IsNullOrEmpty(environmentKey)) return new(DeriveKey(environmentKey));
        var keyPath = databasePath + ".key";
        if (!File.Exists(keyPath))
        {
            var fresh = RandomNumberGenerator.GetBytes(32);
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                using var stream = new FileStream(keyPath, options);
                stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(fresh)));
            }
            catch (IOException) when (File.Exists(keyPath))
            {
                // another process created it first: use theirs
            }
        }
        var text = File.ReadAllText(keyPath).Trim();
        try
        {
            var key = Convert.FromBase64String(text);
            if (key.Length == 32) return new(key);
        }
        catch (FormatException)
        {
        }
        throw new TandemConfigurationException($"key file {keyPath} is not a base64 32-byte key");
    }

    private static byte[] DeriveKey(string text)
    {
        try
        {
            var raw = Convert.FromBase64String(text);
            if (raw.Length == 32) return raw;
        }
        catch (FormatException)
        {
        }
        return SHA256.HashData(Encoding.UTF8.GetBytes(text));
    }

    public byte[] Protect(string connection, IReadOnlyDictionary<string, string> secrets)
    {
        var plain = JsonSerializer.SerializeToUtf8Bytes(secrets);
        var output = new byte[NonceSize + TagSize + plain.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(connection));
        CryptographicOperations.ZeroMemory(plain);
        return output;
    }

    public IReadOnlyDictionary<string, string> Unprotect(string connection, byte[] data)
    {
        if (data.Length < NonceSize + TagSize) throw new TandemConfigurationException($"secrets of connection '{connection}' are damaged");
        var plain = new byte[data.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(data.AsSpan(0, NonceSize), data.AsSpan(NonceSize + TagSize), data.AsSpan(NonceSize, TagSize), plain, Encoding.UTF8.GetBytes(connection));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new TandemConfigurationException($"cannot decrypt the secrets of connection '{connection}': wrong key ($TANDEM_KEY or the .key file)", e);
        }
        var result = JsonSerializer.Deserialize<Dictionary<string, string>>(plain) ?? [];
        CryptographicOperations.ZeroMemory(plain);
        return result;
    }
}
