using System.Text.Json;

namespace Tandem.Testing.Python;

/// <summary>What an oracle script printed. The JSON accessors fail the test (with stderr) when the script failed.</summary>
public sealed record PythonResult(string Script, int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The whole output as one JSON document.</summary>
    public JsonElement Json() => Parse(Stdout);

    /// <summary>The last output line as JSON (for scripts whose libraries log to stdout before the result).</summary>
    public JsonElement LastLineJson() => Parse(Stdout.Trim().Split('\n')[^1]);

    private JsonElement Parse(string text)
    {
        Assert.True(ExitCode == 0, $"{Script} failed ({ExitCode}):\n{Stderr}\n{Stdout}");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }
}
