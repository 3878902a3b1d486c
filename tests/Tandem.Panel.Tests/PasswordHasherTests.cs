using Tandem.Panel.Security;

namespace Tandem.Panel.Tests;

public sealed class PasswordHasherTests
{
    [Fact]
    public void Hash_IsArgon2idWithItsParameters_SaltedPerCall_AndVerifiesOnlyTheRightPassword()
    {
        var first = PasswordHasher.Hash("correct horse battery");
        var second = PasswordHasher.Hash("correct horse battery");
        Assert.StartsWith("$argon2id$v=19$m=19456,t=2,p=1$", first, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
        Assert.True(PasswordHasher.Verify("correct horse battery", first));
        Assert.True(PasswordHasher.Verify("correct horse battery", second));
        Assert.False(PasswordHasher.Verify("correct horse batterY", first));
        Assert.False(PasswordHasher.Verify("", first));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plaintext")]
    [InlineData("$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g")]
    [InlineData("$argon2id$v=19$m=99999999,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g")]
    [InlineData("$argon2id$v=19$m=19456,t=2,p=1$not base64!$aGFzaGhhc2hoYXNoaGFzaGhhc2g")]
    public void Verify_AMalformedOrTamperedHash_NeverMatches(string stored) => Assert.False(PasswordHasher.Verify("anything", stored));
}
