using Npgsql;

namespace Tandem.State.Postgres;

/// <summary>
/// Where a PostgreSQL state lives, from what a user types after <c>--state</c>: a URL
/// (<c>postgres://user@host:port/db</c>, also <c>postgresql://</c>) or an Npgsql connection string (<c>Host=…;Database=…</c>).
/// The password comes from the text itself, else <c>$TANDEM_STATE_PASSWORD</c>, else <c>$PGPASSWORD</c> (or what the caller
/// read from stdin); <see cref="Display"/> never shows it, so the location can be logged.
/// </summary>
public sealed class PostgresLocation
{
    public const string PasswordVariable = "TANDEM_STATE_PASSWORD";

    /// <summary>
    /// A cluster node's sessions are named <c>tandem/NODE</c> (application_name), so that the other nodes can end the
    /// sessions of a node that went silent past its lease (paused, cut off) and free the rows it holds locked.
    /// </summary>
    public const string NodeApplicationPrefix = "tandem/";

    private PostgresLocation(NpgsqlConnectionStringBuilder builder) => Builder = builder;

    internal NpgsqlConnectionStringBuilder Builder { get; }

    /// <summary>The location without its password: <c>postgres://user@host:port/db</c>.</summary>
    public string Display => $"postgres://{Uri.EscapeDataString(Builder.Username ?? "")}@{Builder.Host}:{Builder.Port}/{Uri.EscapeDataString(Builder.Database ?? "")}";

    /// <summary>Whether <paramref name="text"/> names a PostgreSQL state rather than an SQLite file.</summary>
    public static bool Matches(string text) =>
        text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || (text.Contains('=', StringComparison.Ordinal) && text.Contains("host", StringComparison.OrdinalIgnoreCase) && !File.Exists(text));

    /// <summary>Parses a location; a malformed one is a configuration error whose message never repeats the password.</summary>
    public static PostgresLocation Parse(string text, Func<string, string?> environment, string? password = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(environment);
        var builder = text.Contains("://", StringComparison.Ordinal) ? FromUrl(text) : FromConnectionString(text);
        if (string.IsNullOrEmpty(builder.Host)) throw new TandemConfigurationException($"state {Mask(text)}: no host");
        if (string.IsNullOrEmpty(builder.Database)) throw new TandemConfigurationException($"state {Mask(text)}: no database name");
        if (string.IsNullOrEmpty(builder.Password))
        {
            var fromEnvironment = password ?? environment(PasswordVariable) ?? environment("PGPASSWORD");
            if (!string.IsNullOrEmpty(fromEnvironment)) builder.Password = fromEnvironment;
        }
        // a node paused inside a transaction would keep the lease row it fenced on locked; the server ends such a session
        builder.Options = "-c idle_in_transaction_session_timeout=10000";
        builder.ApplicationName ??= "tandem";
        return new PostgresLocation(builder);
    }

    /// <summary><paramref name="text"/> with any password replaced by ***, for error messages.</summary>
    public static string Mask(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Contains("://", StringComparison.Ordinal))
        {
            var at = text.LastIndexOf('@');
            var scheme = text.IndexOf("://", StringComparison.Ordinal) + 3;
            if (at > scheme && text.IndexOf(':', scheme) is var colon and > 0 && colon < at) return text[..(colon + 1)] + "***" + text[at..];
            return text;
        }
        return string.Join(';', text.Split(';').Select(part =>
            part.Split('=', 2) is [var key, _] && key.Trim().Replace(" ", "", StringComparison.Ordinal).Equals("password", StringComparison.OrdinalIgnoreCase)
                ? key + "=***" : part));
    }

    private static NpgsqlConnectionStringBuilder FromUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgres" or "postgresql"))
            throw new TandemConfigurationException($"state {Mask(text)}: expected postgres://user@host:port/database");
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host, Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port };
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0) builder.Database = database;
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2) builder.Password = Uri.UnescapeDataString(parts[1]);
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            try
            {
                builder[key.Equals("sslmode", StringComparison.OrdinalIgnoreCase) ? "SSL Mode" : key] = value;
            }
            catch (ArgumentException e)
            {
                throw new TandemConfigurationException($"state {Mask(text)}: unknown option '{key}'", e);
            }
        }
        return builder;
    }

    private static NpgsqlConnectionStringBuilder FromConnectionString(string text)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(text);
        }
        catch (ArgumentException e)
        {
            throw new TandemConfigurationException($"state {Mask(text)}: not a valid connection string ({e.Message.Split('\n')[0]})", e);
        }
    }
}
