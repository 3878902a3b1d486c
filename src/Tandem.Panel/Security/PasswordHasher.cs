using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Konscious.Security.Cryptography;

namespace Tandem.Panel.Security;

/// <summary>
/// Argon2id password hashes in the PHC string format (<c>$argon2id$v=19$m=…,t=…,p=…$salt$hash</c>), so the cost can be
/// raised later and old hashes still verify. The default cost is OWASP's minimum for Argon2id (19 MiB, 2 passes, 1 lane):
/// memory-hard against GPUs, and about a tenth of a second here, which also slows guessing through the sign-in form.
/// </summary>
public static class PasswordHasher
{
    private const int MemoryKiB = 19 * 1024;
    private const int Iterations = 2;
    private const int Lanes = 1;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static string Hash(string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Compute(password, salt, MemoryKiB, Iterations, Lanes, HashBytes);
        return string.Create(CultureInfo.InvariantCulture,
            $"$argon2id$v=19$m={MemoryKiB},t={Iterations},p={Lanes}${Convert.ToBase64String(salt).TrimEnd('=')}${Convert.ToBase64String(hash).TrimEnd('=')}");
    }

    /// <summary>Whether <paramref name="password"/> matches; a malformed stored hash never matches.</summary>
    public static bool Verify(string password, string encoded)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(encoded);
        if (password.Length == 0) return false;
        var parts = encoded.Split('$');
        if (parts.Length != 6 || parts[1] != "argon2id" || parts[2] != "v=19") return false;
        int m = 0, t = 0, p = 0;
        foreach (var pair in parts[3].Split(','))
        {
            var kv = pair.Split('=');
            if (kv.Length != 2 || !int.TryParse(kv[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return false;
            switch (kv[0])
            {
                case "m": m = value; break;
                case "t": t = value; break;
                case "p": p = value; break;
                default: return false;
            }
        }
        // bounds keep a tampered row from making one sign-in allocate gigabytes
        if (m is < 8 or > 1024 * 1024 || t is < 1 or > 20 || p is < 1 or > 16) return false;
        byte[] salt, expected;
        try
        {
            salt = FromBase64(parts[4]);
            expected = FromBase64(parts[5]);
        }
        catch (FormatException)
        {
            return false;
        }
        if (expected.Length is < 16 or > 64) return false;
        var actual = Compute(password, salt, m, t, p, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static byte[] Compute(string password, byte[] salt, int memoryKiB, int iterations, int lanes, int length)
    {
        var bytes = Encoding.UTF8.GetBytes(password);
        try
        {
            using var argon = new Argon2id(bytes) { Salt = salt, MemorySize = memoryKiB, Iterations = iterations, DegreeOfParallelism = lanes };
            return argon.GetBytes(length);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static byte[] FromBase64(string text) => Convert.FromBase64String(text.PadRight(text.Length + (4 - text.Length % 4) % 4, '='));
}
