using Tandem.Cli;
using Tandem.Cli.Ews;
using Tandem.Connectors.Ews;

namespace Tandem.Integration.Tests.Ews;

/// <summary>How `connection add --type ews` flags become settings and secrets, and which flag each refusal names.</summary>
public sealed class EwsConnectionInputTests
{
    [Theory]
    [InlineData("oauth", null, "app", "--tenant")]
    [InlineData("oauth", "contoso.onmicrosoft.com", null, "--client-id")]
    [InlineData("kerberos", null, null, "--auth")]
    public void ToSettings_IncompleteAuth_RefusalNamesTheFlag(string auth, string? tenant, string? clientId, string flag)
    {
        var input = new EwsConnectionInput { Url = "https://outlook.office365.com/EWS/Exchange.asmx", Auth = auth, Tenant = tenant, ClientId = clientId, ClientSecretFromStdin = true };
        var e = Assert.Throws<CliUsageException>(() => input.ToSettings());
        Assert.Contains(flag, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToSettings_AutodiscoverUrlWithoutAutodiscover_Refused()
    {
        var input = new EwsConnectionInput { Url = "https://mail.contoso.com/EWS/Exchange.asmx", AutodiscoverUrl = "http://127.0.0.1:5080", User = "u", PasswordFromStdin = true };
        Assert.Contains("--autodiscover-url", Assert.Throws<CliUsageException>(() => input.ToSettings()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToSettings_NotAnAddress_RefusalNamesAutodiscover()
    {
        var input = new EwsConnectionInput { Autodiscover = "alice", User = "alice", PasswordFromStdin = true };
        Assert.Contains("--autodiscover 'alice'", Assert.Throws<CliUsageException>(() => input.ToSettings()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToSettings_AutodiscoverWithLabOverride_SettingsTheConnectorReads()
    {
        var settings = new EwsConnectionInput { Autodiscover = "tandem@lab.test", AutodiscoverUrl = "http://127.0.0.1:5080", User = "tandem@lab.test", PasswordFromStdin = true, Impersonation = true, Auth = "NTLM" }.ToSettings();
        Assert.Equal("tandem@lab.test", settings[EwsSettingKeys.Email]);
        Assert.Equal("http://127.0.0.1:5080/", settings[EwsSettingKeys.AutodiscoverBase]);
        Assert.Equal("ntlm", settings[EwsSettingKeys.Auth]);
        Assert.Equal("true", settings[EwsSettingKeys.Impersonation]);
        Assert.False(settings.ContainsKey(EwsSettingKeys.Url));
        Assert.DoesNotContain(settings, p => p.Key == EwsSettingKeys.PasswordSecret);
    }

    [Fact]
    public void ToSettings_OAuth_ImpersonatesAndKeepsTenantAndClient()
    {
        var settings = new EwsConnectionInput { Url = "https://outlook.office365.com/EWS/Exchange.asmx", Auth = "oauth", Tenant = "contoso.onmicrosoft.com", ClientId = "app-id", ClientSecretFromStdin = true }.ToSettings();
        Assert.Equal("oauth", settings[EwsSettingKeys.Auth]);
        Assert.Equal("contoso.onmicrosoft.com", settings[EwsSettingKeys.Tenant]);
        Assert.Equal("app-id", settings[EwsSettingKeys.ClientId]);
        Assert.Equal("true", settings[EwsSettingKeys.Impersonation]);
    }

    [Fact]
    public void ReadSecrets_PasswordThenClientSecretLines_EachUnderItsKey()
    {
        var input = new EwsConnectionInput { PasswordFromStdin = true, ClientSecretFromStdin = true };
        var secrets = input.ReadSecrets(new StringReader("pa ss\r\nclient-secret\n"));
        Assert.Equal("pa ss", secrets[EwsSettingKeys.PasswordSecret]);
        Assert.Equal("client-secret", secrets[EwsSettingKeys.ClientSecretSecret]);
    }

    [Fact]
    public void ReadSecrets_EmptyStdin_RefusalNamesTheFlag()
    {
        var input = new EwsConnectionInput { PasswordFromStdin = true };
        Assert.Contains("--password-stdin", Assert.Throws<CliUsageException>(() => input.ReadSecrets(new StringReader(""))).Message, StringComparison.Ordinal);
    }
}
