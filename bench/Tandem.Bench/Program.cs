using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/Tandem.Bench -- --filter '*'` runs the BenchmarkDotNet suites;
// whole-run benchmarks (local folders, the lab) are selected by name: `-- run NAME`.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
