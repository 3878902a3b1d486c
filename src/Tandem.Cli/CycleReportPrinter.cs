using Tandem.Core.Groups;
using Tandem.Engine;

namespace Tandem.Cli;

/// <summary>The per-member table <c>tandem sync</c> and <c>tandem demo</c> print for one cycle.</summary>
internal static class CycleReportPrinter
{
    public static void Print(TextWriter output, CycleReport report)
    {
        output.WriteLine($"group {report.Group}{(report.DryRun ? " (dry run: nothing written)" : "")}");
        var width = report.Members.Select(m => m.Member.Length).DefaultIfEmpty(0).Max();
        foreach (var m in report.Members)
        {
            var line = $"  {m.Role.ToText(),-7} {m.Member.PadRight(width)}  received {m.Received,4}  created {m.Created,4}  updated {m.Updated,4}  deleted {m.Deleted,4}  conflicts {m.Conflicts,3}  skipped {m.Skipped,3}";
            if (m.Quarantined > 0) line += $"  quarantined {m.Quarantined}";
            if (m.Error is not null) line += $"  ERROR: {m.Error.ReplaceLineEndings(" ")}";
            output.WriteLine(line);
        }
        if (report.Paused)
        {
            output.WriteLine($"  PAUSED: {report.PauseReason}");
            output.WriteLine($"  review, then: tandem approve {report.Group}   (apply the deletions)   or   tandem reject {report.Group}   (restore the items)");
        }
    }
}
