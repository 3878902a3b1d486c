using System.Globalization;
using Xunit.Abstractions;

namespace Tandem.Testing;

/// <summary>
/// The seed of the randomized (property, fuzz and crash) tests. Fixed by default, so that CI runs are repeatable and a
/// red run can be replayed; set TANDEM_TEST_SEED to explore other seeds (or to replay one a test printed).
/// Every randomized test takes its seed from here and prints it, so a failure's output says how to replay it.
/// </summary>
public static class TestSeed
{
    public const string Variable = "TANDEM_TEST_SEED";

    public const int Default = 20261121;

    public static int Value { get; } =
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } text
            ? int.Parse(text, CultureInfo.InvariantCulture)
            : Default;

    /// <summary>The seed, after writing it (and how to replay it) to the test's output.</summary>
    public static int Announce(ITestOutputHelper output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"seed {Value} (replay with {Variable}={Value})");
        return Value;
    }

    /// <summary>A generator on the announced seed; <paramref name="stream"/> gives one test several independent streams.</summary>
    public static Random Random(ITestOutputHelper output, int stream = 0) => new(unchecked(Announce(output) + stream));
}
