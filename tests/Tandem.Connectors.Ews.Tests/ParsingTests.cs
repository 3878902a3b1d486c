using Tandem.Connectors.Ews.Autodiscover;
using Tandem.Connectors.Ews.Sessions;
using Tandem.Core.Groups;

namespace Tandem.Connectors.Ews.Tests;

public sealed class ParsingTests
{
    [Fact]
    public void ScanToken_RoundTrip_KeepsEveryEntry()
    {
        var map = Enumerable.Range(0, 1000).ToDictionary(i => "AAMk" + i + "==", i => "CK" + i * 7);
        var decoded = ScanToken.Decode(ScanToken.Encode(map));
        Assert.Equal(map.OrderBy(p => p.Key), decoded!.OrderBy(p => p.Key));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("sfi:H4sIAAA=")]
    [InlineData("pf1:not-base64!")]
    [InlineData("pf1:AAAA")]
    public void ScanToken_ForeignOrBroken_DecodesAsNoToken(string? token) => Assert.Null(ScanToken.Decode(token));

    [Theory]
    [InlineData("AAMkAGI2+/=", "sfi:H4sIAAA=")]
    [InlineData("AAMkAGI2+/=", "pf1:AAAA")]
    public void FolderToken_JoinThenSplit_GivesFolderIdAndReaderToken(string folderId, string inner)
    {
        var token = FolderToken.Join(folderId, inner);

        Assert.Equal(folderId, FolderToken.FolderId(token));
        Assert.Equal(inner, FolderToken.Inner(token));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("sfi:H4sIAAA=")]
    public void FolderToken_TokenWrittenBeforeFoldersWereFollowed_IsTheReadersOwn(string? token)
    {
        Assert.Null(FolderToken.FolderId(token));
        Assert.Equal(token, FolderToken.Inner(token));
    }

    [Fact]
    public void SrvParse_ReplyWithCompressedNames_ReadsTargetsAndPorts()
    {
        var query = UdpSrvResolver.BuildQuery(0x1234, "_autodiscover._tcp.a.test");
        var reply = new List<byte>(query);
        reply[2] = 0x81; reply[3] = 0x80; // response, recursion available
        reply[7] = 2; // two answers
        foreach (var (prio, weight, port, target) in new[] { (0, 5, 443, "mail.a.test"), (10, 0, 8443, "b.a.test") })
        {
            reply.AddRange([0xC0, 12, 0, 33, 0, 1, 0, 0, 0, 60]); // name → question, SRV IN, TTL
            var rdata = new List<byte> { 0, (byte)prio, 0, (byte)weight, (byte)(port >> 8), (byte)port };
            foreach (var label in target.Split('.'))
            {
                rdata.Add((byte)label.Length);
                rdata.AddRange(System.Text.Encoding.ASCII.GetBytes(label));
            }
            rdata.Add(0);
            reply.AddRange([0, (byte)rdata.Count]);
            reply.AddRange(rdata);
        }
        var records = UdpSrvResolver.Parse([.. reply], 0x1234);
        Assert.Equal([new SrvRecord("mail.a.test", 443, 0, 5), new SrvRecord("b.a.test", 8443, 10, 0)], records);
        Assert.Empty(UdpSrvResolver.Parse([.. reply], 0x9999)); // someone else's answer
    }

    [Fact]
    public void Settings_NeitherUrlNorEmail_IsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => EwsSettings.From(new ConnectionDefinition("hq", "ews", new Dictionary<string, string> { ["user"] = "x" })));
        Assert.Contains("url", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_OAuth_RequiresTenantAndForcesImpersonation()
    {
        Assert.Throws<ArgumentException>(() => EwsSettings.From(new ConnectionDefinition("hq", "ews", new Dictionary<string, string> { ["url"] = "https://x/EWS/Exchange.asmx", ["auth"] = "oauth" })));
        var settings = EwsSettings.From(new ConnectionDefinition("hq", "ews", new Dictionary<string, string>
        {
            ["url"] = "https://x/EWS/Exchange.asmx", ["auth"] = "oauth", ["tenant"] = "contoso.onmicrosoft.com", ["clientId"] = "abc",
        }));
        Assert.True(settings.Impersonation);
        Assert.Equal(EwsAuthKind.OAuth, settings.Auth);
    }

    [Fact]
    public void Factory_OAuthWithoutClientSecret_IsRejectedWithoutEchoingSecrets()
    {
        var factory = new EwsConnectorFactory();
        Assert.True(factory.Supports("EWS"));
        Assert.False(factory.Supports("dav"));
        var error = Assert.Throws<ArgumentException>(() => factory.Create(new ConnectionDefinition("hq", "ews", new Dictionary<string, string>
        {
            ["url"] = "https://x/EWS/Exchange.asmx", ["auth"] = "oauth", ["tenant"] = "t", ["clientId"] = "c",
        }), new Dictionary<string, string> { ["password"] = "hunter2" }));
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }
}
