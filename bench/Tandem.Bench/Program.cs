using BenchmarkDotNet.Running;

namespace Tandem.Bench;

// `dotnet run -c Release --project bench/Tandem.Bench -- --filter '*'` runs the BenchmarkDotNet suites;
// whole-run benchmarks (local folders, the lab) are selected by name: `-- run NAME` (`-- run` lists them).
internal static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "run") return await WholeRun.DispatchAsync(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(BenchProgram).Assembly).Run(args);
        return 0;
    }
}

/// <summary>
/// A plain timed run of a whole scenario (too long for BenchmarkDotNet's repetitions). Implementations are found
/// by reflection, so adding one is adding a file.
/// </summary>
internal abstract class WholeRun
{
    public abstract string Name { get; }

    public abstract string Description { get; }

    public abstract Task RunAsync(string[] args);

    /// <summary>The integer after <paramref name="name"/> in <paramref name="args"/>, or <paramref name="fallback"/>.</summary>
    protected static int IntOption(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>Removes a run's scratch directory; one still held open (a state file) is left for temp's own cleaning.</summary>
    protected static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // temp is cleaned eventually
        }
    }

    public static async Task<int> DispatchAsync(string[] args)
    {
        var runs = typeof(WholeRun).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(WholeRun)) && !t.IsAbstract)
            .Select(t => (WholeRun)Activator.CreateInstance(t)!)
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
        var run = args.Length > 0 ? runs.FirstOrDefault(r => r.Name == args[0]) : null;
        if (run is null)
        {
            Console.Error.WriteLine(args.Length > 0 ? $"no whole run named '{args[0]}'; known:" : "usage: run NAME; known:");
            foreach (var r in runs) Console.Error.WriteLine($"  {r.Name,-20} {r.Description}");
            return 2;
        }
        await run.RunAsync(args[1..]);
        return Environment.ExitCode; // a run that found failures sets it

    }
}
