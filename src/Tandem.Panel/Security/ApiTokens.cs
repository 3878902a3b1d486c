using System.Security.Cryptography;
using System.Text;
using Tandem.State;
using Tandem.State.Admin;

namespace Tandem.Panel.Security;

/// <summary>
/// API tokens look like <c>tdm_ID_SECRET</c>: the id finds the row, the secret (32 random bytes) is checked against
/// its stored SHA-256. A fast hash is enough here: unlike a password, the secret has 256 bits of entropy.
/// </summary>
public static class ApiTokens
{
    private const string Prefix = "tdm_";

    /// <summary>Creates and stores a token for <paramref name="account"/>; the returned text is shown once and never again.</summary>
    public static async Task<(ApiToken Token, string Text)> CreateAsync(IAdminStore store, string account, string label, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var token = new ApiToken(id, account, string.IsNullOrWhiteSpace(label) ? "token" : label.Trim(), HashSecret(secret), time.GetUtcNow());
        await store.AddTokenAsync(token, ct).ConfigureAwait(false);
        return (token, Prefix + id + "_" + secret);
    }

    /// <summary>The stored token <paramref name="text"/> names if its secret matches, else null.</summary>
    public static async Task<ApiToken?> ValidateAsync(IAdminStore store, string text, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var rest = text[Prefix.Length..];
        var underscore = rest.IndexOf('_', StringComparison.Ordinal);
        if (underscore <= 0) return null;
        var token = await store.FindTokenAsync(rest[..underscore], ct).ConfigureAwait(false);
        if (token is null) return null;
        var given = Encoding.ASCII.GetBytes(HashSecret(rest[(underscore + 1)..]));
        return CryptographicOperations.FixedTimeEquals(given, Encoding.ASCII.GetBytes(token.SecretHash)) ? token : null;
    }

    private static string HashSecret(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '.');
}
