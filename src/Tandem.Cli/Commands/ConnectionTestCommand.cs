using System.CommandLine;
using Tandem.Engine.Probes;

namespace Tandem.Cli.Commands;

/// <summary>
/// <c>tandem connection test NAME</c>: DNS, TCP/TLS (certificate), Autodiscover, sign-in, the impersonation right and
/// the server version, step by step, each ok or failed with the reason. Exit 1 when a step failed.
/// </summary>
internal sealed class ConnectionTestCommand : ICliCommand
{
    public string? Parent => "connection";

    public Command Build(CliContext context)
    {
        var name = new Argument<string>("NAME");
        var command = new Command("test", "test a connection step by step: DNS, TLS, Autodiscover, sign-in, impersonation, server version") { name };
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await context.OpenStoreAsync(parse, ct);
            var result = await new ConnectionProbe(context.CreateRegistry(), context.Time).TestAsync(store, parse.GetRequiredValue(name), ct);
            context.Out.WriteLine($"connection '{result.Connection}':");
            ConnectionTestPrinter.Print(context.Out, result);
            if (result.Ok) return 0;
            context.Error.WriteLine($"tandem: connection '{result.Connection}' failed at {result.Failed!.Name}: {result.Failed.Detail}");
            return CliApp.Failure;
        });
        return command;
    }
}
