namespace Tandem.Connectors.Dav.Tests.Servers;

/// <summary>Xandikos (git-backed, no authentication): the quirky peer that answers a bad sync token with 500.</summary>
public sealed class XandikosServer() : DavServer("xandikos")
{
    public override string User => "user";

    protected override string? Missing() => File.Exists("/usr/bin/xandikos") ? null : "xandikos is not installed";

    protected override Task StartAsync()
    {
        Start("/usr/bin/xandikos", "--defaults", "-d", Path.Combine(Directory, "data"), "-l", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Task.CompletedTask;
    }
}
