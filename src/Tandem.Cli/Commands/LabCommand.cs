using System.CommandLine;
using Tandem.Cli.Ews;
using Tandem.Lab;

namespace Tandem.Cli.Commands;

/// <summary>
/// <c>tandem lab [--urls URL] [--seed demo|empty] [--data DIR] [--servers N]</c>: runs the Exchange lab until Ctrl+C or SIGTERM,
/// so anyone can try Tandem (and its scripts) without an Exchange server.
/// </summary>
internal sealed class LabCommand : ICliCommand
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public string? Parent => null;

    public Command Build(CliContext context)
    {
        var urls = new Option<string?>("--urls") { Description = $"listen URL(s), ';'-separated; port 0 picks a free one (default {DefaultUrls})" };
        var seed = new Option<string?>("--seed") { Description = "demo (users, public folders with content; default) or empty (users and default folders)" };
        seed.AcceptOnlyFromAmong("demo", "empty");
        var data = new Option<string?>("--data") { Description = "directory that keeps the lab's mailboxes across restarts (default: memory only)" };
        var servers = new Option<int?>("--servers") { Description = "EWS front ends over the one mailbox store, each on its own port (the --urls port + i; 0 picks free ports); default 1" };
        var command = new Command("lab", "run the Exchange lab (EWS + Autodiscover) until Ctrl+C") { urls, seed, data, servers };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(servers) is < 1 or > 16)
            {
                context.Error.WriteLine("tandem lab: --servers must be between 1 and 16 front ends");
                return 2;
            }
            var options = new LabOptions
            {
                Urls = parse.GetValue(urls) is { Length: > 0 } u ? u : DefaultUrls,
                Seed = parse.GetValue(seed) ?? "demo",
                DataDirectory = parse.GetValue(data) is { Length: > 0 } d ? Path.GetFullPath(d) : null,
                Time = context.Time,
                FrontEnds = parse.GetValue(servers) ?? 1,
            };
            if (options.DataDirectory is not null) Directory.CreateDirectory(options.DataDirectory);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            // Ctrl+C and SIGTERM (systemd, docker stop, kill) both end the lab cleanly so --data is flushed.
            using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
            using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
            await using var lab = await LabServer.StartAsync(options, ct);
            PrintBanner(context.Out, lab, options);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // the normal way out
            }
            await lab.StopAsync();
            context.Out.WriteLine("lab stopped");
            return 0;
        });
        return command;
    }

    internal static void PrintBanner(TextWriter output, LabServer lab, LabOptions options)
    {
        var baseUrl = lab.BaseUrl.ToString().TrimEnd('/');
        output.WriteLine($"Tandem lab listening on {baseUrl} (seed {options.Seed}, data {options.DataDirectory ?? "in memory"})");
        output.WriteLine($"  EWS:          {lab.EwsUrl}");
        if (lab.FrontEndUrls.Count > 1)
        {
            for (var i = 0; i < lab.FrontEndUrls.Count; i++)
            {
                output.WriteLine($"  front end {i}:  {lab.FrontEndUrls[i]}EWS/Exchange.asmx");
            }
            output.WriteLine("                (faults: POST /lab/faults {\"takeDown\":I} {\"bringUp\":I} {\"mailboxMoveInProgress\":{\"frontEnd\":I,\"on\":true}})");
        }
        output.WriteLine($"  Autodiscover: {baseUrl}/autodiscover/autodiscover.xml (and .svc, /autodiscover.json/v1.0/EMAIL)");
        output.WriteLine($"  users:        {string.Join(", ", LabUsers.Users)}; service account {LabUsers.ServiceAccount} (impersonation)");
        output.WriteLine($"  password:     {LabUsers.Password} (every user)");
        if (options.Seed == "demo") output.WriteLine("  public folders: Company Contacts (300), Company Calendar, Projects/Tasks");
        output.WriteLine("  try:");
        output.WriteLine($"    echo {LabUsers.Password} | tandem connection add lab --type ews --autodiscover {LabUsers.ServiceAccount} --autodiscover-url {baseUrl} --user {LabUsers.ServiceAccount} --password-stdin --impersonation");
        output.WriteLine("    tandem folders lab        tandem folders lab:alice@lab.test");
        output.WriteLine("  Ctrl+C stops the lab.");
    }
}
