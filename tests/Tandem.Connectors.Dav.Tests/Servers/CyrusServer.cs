using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Tandem.Connectors.Dav.Tests.Servers;

/// <summary>
/// Cyrus IMAP 3.6 with its CalDAV/CardDAV httpd (cyrus-imapd, cyrus-caldav): the strict peer that validates what it is
/// given and wants one UID per user across calendars. Users come from a private sasldb; the mailbox is made over IMAP as
/// the admin, and the DAV collections appear on first access.
/// </summary>
public sealed class CyrusServer() : DavServer("cyrus")
{
    private const string Master = "/usr/sbin/cyrmaster";
    private const string Bin = "/usr/lib/cyrus/bin";
    private int _imapPort;

    public override string User => "alice";

    public override string? Password => "secret";

    protected override string? Missing() =>
        !File.Exists(Master) ? "cyrus-common is not installed"
        : !File.Exists(Path.Combine(Bin, "httpd")) ? "cyrus-caldav is not installed"
        : !File.Exists(Path.Combine(Bin, "imapd")) ? "cyrus-imapd is not installed"
        : !File.Exists("/usr/sbin/saslpasswd2") ? "sasl2-bin is not installed"
        : null;

    protected override async Task StartAsync()
    {
        var d = Directory;
        foreach (var sub in new[] { "spool", "run", "conf/db", "conf/socket", "conf/proc", "conf/log" }) System.IO.Directory.CreateDirectory(Path.Combine(d, sub));
        _imapPort = FreeImapPort();
        var config = Path.Combine(d, "imapd.conf");
        File.WriteAllText(config, $"""
            configdirectory: {d}/conf
            partition-default: {d}/spool
            admins: admin
            sasl_pwcheck_method: auxprop
            sasl_auxprop_plugin: sasldb
            sasl_sasldb_path: {d}/sasldb2
            sasl_mech_list: PLAIN LOGIN
            allowplaintext: yes
            unixhierarchysep: yes
            httpmodules: caldav carddav
            httpallowcompress: no
            caldav_allowscheduling: no
            idlesocket: {d}/run/idle
            notifysocket: {d}/run/notify
            lmtpsocket: {d}/run/lmtp
            mboxname_lockpath: {d}/run/lock
            proc_path: {d}/run/proc

            """);
        // cyrus.conf wants each entry on its own line and the braces apart
        File.WriteAllText(Path.Combine(d, "cyrus.conf"), $$"""
            START {
              recover cmd="{{Bin}}/ctl_cyrusdb -r -C {{config}}"
            }
            SERVICES {
              imap cmd="{{Bin}}/imapd -C {{config}}" listen="127.0.0.1:{{_imapPort}}" prefork=0
              http cmd="{{Bin}}/httpd -C {{config}}" listen="127.0.0.1:{{Port}}" prefork=0
            }
            EVENTS {
              checkpoint cmd="{{Bin}}/ctl_cyrusdb -c -C {{config}}" period=30
            }

            """);
        foreach (var user in new[] { "admin", User })
        {
            if (await RunAsync("/usr/sbin/saslpasswd2", Password + "\n", "-p", "-c", "-f", Path.Combine(d, "sasldb2"), "-u", "", user) != 0)
                throw new InvalidOperationException($"saslpasswd2 could not add {user}");
        }
        // as root the master drops to the cyrus user, which must own the files; otherwise it runs as whoever we are
        if (Environment.UserName == "root" && await RunAsync("/bin/chown", null, "-R", "cyrus:mail", d) != 0) throw new InvalidOperationException("chown to cyrus failed");
        var master = Start(Master, "-C", config, "-M", Path.Combine(d, "cyrus.conf"), "-p", Path.Combine(d, "run", "master.pid"));
        _ = master;
        await CreateMailboxAsync();
    }

    /// <summary>IMAP as the admin: CREATE user/alice, which gives alice her DAV homes.</summary>
    private async Task CreateMailboxAsync()
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync("127.0.0.1", _imapPort);
                using var stream = tcp.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII);
                await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
                await reader.ReadLineAsync();
                await Command(writer, reader, "a", $"LOGIN admin {Password}");
                await Command(writer, reader, "b", $"CREATE user/{User}");
                await Command(writer, reader, "c", "LOGOUT");
                return;
            }
            catch (SocketException) when (waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(200);
            }
        }
    }

    private static async Task Command(StreamWriter writer, StreamReader reader, string tag, string command)
    {
        await writer.WriteLineAsync($"{tag} {command}");
        while (await reader.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith(tag + " ", StringComparison.Ordinal)) continue;
            if (line.StartsWith(tag + " OK", StringComparison.Ordinal) || command == "LOGOUT") return;
            throw new InvalidOperationException($"IMAP {command.Split(' ')[0]}: {line}");
        }
    }

    private static int FreeImapPort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
