using System.Diagnostics;
using System.Text.Json;

namespace Tandem.Formats.Tests.VCard;

/// <summary>
/// Runs python/vcard_fields.py with Debian's python3-vobject — an independent reader — over some files and
/// returns its JSON: file path → array of cards, or { "error": … } when vobject could not read the file.
/// </summary>
internal static class VCardPythonOracle
{
    // Generous: python start-up on a loaded 2-core machine; this is a hang guard, not a timing check.
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static JsonElement Read(IEnumerable<string> files)
    {
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var info = new ProcessStartInfo(python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        info.Environment["PYTHONIOENCODING"] = "utf-8";
        info.ArgumentList.Add(VCardTestFiles.Python("vcard_fields.py"));
        foreach (var f in files) info.ArgumentList.Add(f);

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start python3");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"vcard_fields.py did not finish within {Timeout}");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"vcard_fields.py failed ({process.ExitCode}): {stderr.GetAwaiter().GetResult()}");
        }
        using var doc = JsonDocument.Parse(stdout.GetAwaiter().GetResult());
        return doc.RootElement.Clone();
    }
}
