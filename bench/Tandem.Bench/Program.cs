using BenchmarkDotNet.Running;

namespace Tandem.Bench;

// `dotnet run -c Release --project bench/Tandem.Bench -- --filter '*'` runs the BenchmarkDotNet suites;
// whole-run benchmarks (local folders, the lab) are selected by name: `-- run NAME`.
internal static class BenchProgram
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchProgram).Assembly).Run(args);
}
