using Tandem.Engine;

namespace Tandem.Cli.Demo;

/// <summary>
/// What both demos do around their scenario: print steps, check outcomes (ok/FAIL), sync every group and
/// collect member errors, and end with one line naming the failed checks and a non-zero exit.
/// </summary>
internal sealed class DemoChecks(TextWriter output)
{
    private readonly List<string> _failures = [];

    public void Step(string title)
    {
        output.WriteLine();
        output.WriteLine(title);
    }

    public void Check(bool ok, string what)
    {
        output.WriteLine($"   {(ok ? "ok  " : "FAIL")} {what}");
        if (!ok) _failures.Add(what);
    }

    /// <summary>One cycle of each group, reports printed; returns the number of writes.</summary>
    public async Task<int> SyncAllAsync(SyncEngine engine, IEnumerable<string> groups, CancellationToken ct)
    {
        var writes = 0;
        foreach (var group in groups)
        {
            var report = await engine.SyncAsync(group, SyncOptions.Default, ct);
            CycleReportPrinter.Print(output, report);
            writes += report.TotalWrites;
            foreach (var failed in report.Members.Where(m => m.Error is not null)) _failures.Add($"{failed.Member}: {failed.Error}");
        }
        return writes;
    }

    /// <summary>0 when every check passed; otherwise one line on <paramref name="error"/> and <see cref="CliApp.Failure"/>.</summary>
    public int Finish(TextWriter error, string demo)
    {
        if (_failures.Count == 0) return 0;
        error.WriteLine($"tandem: {demo}: {_failures.Count} check(s) failed: {string.Join("; ", _failures)}");
        return CliApp.Failure;
    }
}
