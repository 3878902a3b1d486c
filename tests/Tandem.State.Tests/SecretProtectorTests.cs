namespace Tandem.State.Tests;

/// <summary>The provider-neutral secret cipher (<see cref="SecretProtector"/>, in Tandem.State).</summary>
public sealed class SecretProtectorTests
{
    private const string Secret = "Pa55-w0rd-that-must-not-leak";

    [Fact]
    public void Protect_SameSecretsTwice_GivesDifferentCiphertexts()
    {
        var protector = new SecretProtector(new byte[32]);
        var secrets = new Dictionary<string, string> { ["password"] = Secret };

        var first = protector.Protect("hq", secrets);
        var second = protector.Protect("hq", secrets);

        Assert.NotEqual(first, second);
        Assert.Equal(Secret, protector.Unprotect("hq", second)["password"]);
    }

    [Fact]
    public void Unprotect_CiphertextMovedToAnotherConnection_IsRefused()
    {
        var protector = new SecretProtector(new byte[32]);
        var data = protector.Protect("hq", new Dictionary<string, string> { ["password"] = Secret });

        Assert.Throws<TandemConfigurationException>(() => protector.Unprotect("branch", data));
    }
}
