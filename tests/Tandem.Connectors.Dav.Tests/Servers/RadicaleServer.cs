namespace Tandem.Connectors.Dav.Tests.Servers;

/// <summary>Radicale 3 (python3-radicale): htpasswd users, owner-only rights, the spec-clean peer without scheduling.</summary>
public sealed class RadicaleServer() : DavServer("radicale")
{
    public override string User => "alice";

    public override string? Password => "secret";

    protected override string? Missing() =>
        File.Exists("/usr/lib/python3/dist-packages/radicale/__init__.py") ? null : "python3-radicale is not installed";

    protected override Task StartAsync()
    {
        var users = Path.Combine(Directory, "users");
        File.WriteAllText(users, $"{User}:{Password}\n");
        var config = Path.Combine(Directory, "config");
        File.WriteAllText(config, $"""
            [server]
            hosts = 127.0.0.1:{Port}
            [auth]
            type = htpasswd
            htpasswd_filename = {users}
            htpasswd_encryption = plain
            [rights]
            type = owner_only
            [storage]
            filesystem_folder = {Path.Combine(Directory, "collections")}
            [logging]
            level = warning
            """);
        Start("/usr/bin/python3", "-m", "radicale", "--config", config);
        return Task.CompletedTask;
    }
}
