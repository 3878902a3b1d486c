using System.Globalization;

namespace Tandem.Tests;

/// <summary>
/// The seed of the randomized (property and fuzz) tests. Fixed by default, so that CI runs are repeatable and a
/// red run can be replayed; set TANDEM_TEST_SEED to explore other seeds (or to replay one a test printed).
/// </summary>
internal static class TestSeed
{
    public const int Default = 20261121;

    public static int Value { get; } =
        Environment.GetEnvironmentVariable("TANDEM_TEST_SEED") is { Length: > 0 } text
            ? int.Parse(text, CultureInfo.InvariantCulture)
            : Default;
}
