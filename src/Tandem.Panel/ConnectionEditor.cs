using Microsoft.AspNetCore.Http;
using Tandem.Connectors.Ews;
using Tandem.Core.Groups;
using Tandem.Panel.Security;
using Tandem.State;

namespace Tandem.Panel;

/// <summary>
/// An Exchange (EWS) connection as the panel's form and the API send it. <see cref="Password"/> is write-only: it is
/// encrypted by the store and never returned. On an edit, leaving it empty keeps the stored one (unless the user changes).
/// </summary>
public sealed record EwsConnectionInput(
    string Name,
    string? Email = null,
    string? EwsUrl = null,
    string? AutodiscoverBase = null,
    string? Account = null,
    string? Password = null,
    string? Auth = "basic",
    bool Impersonation = false,
    bool NoTest = false);

/// <summary>
/// Adds and edits EWS connections for the panel and the API: tested step by step before anything is stored (as
/// <c>tandem connection add</c> does; <see cref="EwsConnectionInput.NoTest"/> for an offline set-up), the password sent
/// straight to the store's encryption, never kept, logged or audited. Every outcome is audited.
/// </summary>
public sealed class ConnectionEditor(IStateStore store, AuditTrail audit, ConnectionTesting testing)
{
    private static readonly string[] Auths = ["basic", "ntlm"];

    public async Task<string> AddAsync(HttpContext http, EwsConnectionInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var name = (input.Name ?? "").Trim();
        if (name.Length == 0) throw new ArgumentException("a connection needs a name");
        if (string.IsNullOrEmpty(input.Password)) throw new ArgumentException("password: the connection's password is required");
        var settings = Settings(input, new Dictionary<string, string>(StringComparer.Ordinal));
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal) { [EwsSettingKeys.PasswordSecret] = input.Password };
        var definition = new ConnectionDefinition(name, EwsSettingKeys.ConnectionType, settings);
        await TestAsync(http, "connection.add", definition, secrets, input.NoTest, ct).ConfigureAwait(false);
        try
        {
            await store.AddConnectionAsync(definition, secrets, ct).ConfigureAwait(false);
        }
        catch (TandemConfigurationException e)
        {
            await audit.RecordAsync(http, "connection.add", name, "failed", e.Message).ConfigureAwait(false);
            throw;
        }
        await audit.RecordAsync(http, "connection.add", name, "ok", Describe(settings)).ConfigureAwait(false);
        return input.NoTest ? $"connection '{name}' added (not tested)" : $"connection '{name}' added; its test passed";
    }

    public async Task<string> UpdateAsync(HttpContext http, EwsConnectionInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var name = (input.Name ?? "").Trim();
        var existing = await store.GetConnectionAsync(name, ct).ConfigureAwait(false) ?? throw new TandemConfigurationException($"no connection named '{name}'");
        if (existing.Type != EwsSettingKeys.ConnectionType)
            throw new ArgumentException($"connection '{name}' is of type {existing.Type}: the panel edits Exchange (EWS) connections; use 'tandem connection remove' and 'add' for it");
        // settings the form does not show (version, concurrency, delete type…) are kept
        var settings = Settings(input, existing.Settings.ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal));
        var userChanged = !string.Equals(existing.Settings.GetValueOrDefault(EwsSettingKeys.User), settings[EwsSettingKeys.User], StringComparison.Ordinal);
        IReadOnlyDictionary<string, string>? secrets = null;
        if (!string.IsNullOrEmpty(input.Password))
        {
            var replaced = (await store.GetSecretsAsync(name, ct).ConfigureAwait(false)).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
            replaced[EwsSettingKeys.PasswordSecret] = input.Password;
            secrets = replaced;
        }
        else if (userChanged)
        {
            throw new ArgumentException($"password: give the password of user '{settings[EwsSettingKeys.User]}' (the stored password is never shown, and belongs to the previous user)");
        }
        var definition = new ConnectionDefinition(name, EwsSettingKeys.ConnectionType, settings);
        await TestAsync(http, "connection.edit", definition, secrets ?? await store.GetSecretsAsync(name, ct).ConfigureAwait(false), input.NoTest, ct).ConfigureAwait(false);
        try
        {
            await store.UpdateConnectionAsync(definition, secrets, ct).ConfigureAwait(false);
        }
        catch (TandemConfigurationException e)
        {
            await audit.RecordAsync(http, "connection.edit", name, "failed", e.Message).ConfigureAwait(false);
            throw;
        }
        await audit.RecordAsync(http, "connection.edit", name, "ok", Describe(settings) + (secrets is null ? "; password kept" : "; password replaced")).ConfigureAwait(false);
        return (input.NoTest ? $"connection '{name}' saved (not tested)" : $"connection '{name}' saved; its test passed") + "; groups using it restart with it within seconds";
    }

    /// <summary>As <c>connection add</c> does: an unreachable server is refused with the step that failed, not stored silently.</summary>
    private async Task TestAsync(HttpContext http, string action, ConnectionDefinition definition, IReadOnlyDictionary<string, string> secrets, bool noTest, CancellationToken ct)
    {
        if (noTest) return;
        var test = await testing.TestAsync(definition, secrets, ct).ConfigureAwait(false);
        if (test.Ok) return;
        await audit.RecordAsync(http, action, definition.Name, "failed", $"test failed at {test.Failed!.Name}: {test.Failed.Detail}").ConfigureAwait(false);
        throw new ArgumentException($"not saved: the test failed at {test.Failed!.Name}: {test.Failed.Detail} (tick 'store without testing' for an offline set-up)");
    }

    private static Dictionary<string, string> Settings(EwsConnectionInput input, Dictionary<string, string> settings)
    {
        var email = input.Email?.Trim();
        var url = input.EwsUrl?.Trim();
        if (string.IsNullOrEmpty(email) == string.IsNullOrEmpty(url)) throw new ArgumentException("give either an e-mail address for Autodiscover or an EWS URL");
        if (!string.IsNullOrEmpty(url) && (!Uri.TryCreate(url, UriKind.Absolute, out var u) || u.Scheme is not ("https" or "http")))
            throw new ArgumentException($"EWS URL: '{url}' is not an http(s) address, e.g. https://mail.contoso.com/EWS/Exchange.asmx");
        var user = input.Account?.Trim();
        if (string.IsNullOrEmpty(user)) throw new ArgumentException("user: the account to sign in with is required");
        var auth = (input.Auth ?? "basic").Trim().ToLowerInvariant();
        if (!Auths.Contains(auth)) throw new ArgumentException($"authentication: '{input.Auth}' is not basic or ntlm (OAuth connections are set up with 'tandem connection add')");
        Set(settings, EwsSettingKeys.Email, email);
        Set(settings, EwsSettingKeys.Url, url);
        Set(settings, EwsSettingKeys.AutodiscoverBase, input.AutodiscoverBase?.Trim());
        Set(settings, EwsSettingKeys.Impersonation, input.Impersonation ? "true" : null);
        settings[EwsSettingKeys.User] = user;
        settings[EwsSettingKeys.Auth] = auth;
        return settings;
    }

    private static void Set(Dictionary<string, string> settings, string key, string? value)
    {
        if (string.IsNullOrEmpty(value)) settings.Remove(key);
        else settings[key] = value;
    }

    private static string Describe(Dictionary<string, string> settings) =>
        settings.TryGetValue(EwsSettingKeys.Email, out var email) ? "autodiscover " + email : settings.GetValueOrDefault(EwsSettingKeys.Url, "");
}
