using System.CommandLine;
using Tandem.State.Postgres;

namespace Tandem.Cli.Commands;

/// <summary>
/// <c>tandem migrate --to postgres://… [--dry-run]</c>: copies the SQLite state (<c>--state</c>) into an empty PostgreSQL
/// database and prints each table's row count on both sides; <c>--dry-run</c> only counts and checks the target.
/// </summary>
internal sealed class MigrateCommand : ICliCommand
{
    public string? Parent => null;

    public Command Build(CliContext context)
    {
        var to = new Option<string>("--to") { Description = "the PostgreSQL database to copy into (postgres://user@host:port/db or Host=…;Database=…); must be empty", Required = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "count what would be copied and check the target, copy nothing" };
        var command = new Command("migrate", "copy the SQLite state into PostgreSQL (for several nodes), with a row count per table") { to, dryRun };
        command.SetAction(async (parse, ct) =>
        {
            var source = context.StatePath(parse);
            if (Service.StateStoreFactory.IsPostgres(source)) throw new CliUsageException("--state must be the SQLite file to copy from");
            var text = parse.GetValue(to)!;
            if (!PostgresLocation.Matches(text)) throw new CliUsageException("--to must be a PostgreSQL URL (postgres://user@host:port/db) or connection string (Host=…;Database=…)");
            var target = PostgresLocation.Parse(text, Environment.GetEnvironmentVariable);
            var dry = parse.GetValue(dryRun);
            var counts = await SqliteImport.RunAsync(source, target, context.Time, dry, ct);
            context.Out.WriteLine(dry ? $"dry run: {source} → {target.Display} (nothing copied)" : $"copied {source} → {target.Display}");
            context.Out.WriteLine($"  {"table",-18} {"sqlite",10} {"postgres",10}");
            foreach (var c in counts)
                context.Out.WriteLine($"  {c.Table,-18} {c.Source,10} {(c.Target is { } t ? t.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-"),10}{(c.Target is null ? "" : c.Matches ? "  ok" : "  MISMATCH")}");
            if (!dry) context.Out.WriteLine($"every count matches; start the nodes with --state {target.Display} (the same $TANDEM_KEY or key file on every node)");
            return 0;
        });
        return command;
    }
}
