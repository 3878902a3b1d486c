using System.Globalization;
using System.Text.Json;
using Tandem.Core.Items;
using Tandem.Formats.VCard;
using Xunit.Abstractions;
using Tandem.Testing;
using Tandem.Testing.Python;

namespace Tandem.Formats.Tests.VCard;

/// <summary>
/// Differential tests against python3-vobject: the same files read by both, the fields compared. Debian's
/// vobject 0.9.6 cannot read quoted-printable soft line breaks, so 2.1 files it rejects are skipped; everything
/// we write as 3.0 and 4.0 it must read.
/// </summary>
public sealed class VCardDifferentialTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void Corpus_ReadByVobject_SameFieldsAsOurs()
    {
        var files = VCardTestFiles.AllCorpusFiles().ToList();
        var oracle = VCardFields(files);

        var compared = 0;
        foreach (var file in files)
        {
            var theirs = oracle.GetProperty(file);
            if (theirs.ValueKind != JsonValueKind.Array)
            {
                output.WriteLine($"vobject could not read {Path.GetFileName(file)}: {theirs.GetProperty("error").GetString()}");
                continue;
            }
            var ours = VCardCodec.ReadAll(File.ReadAllBytes(file), file);
            Compare(Path.GetFileName(file), ours, theirs);
            compared++;
        }
        Assert.True(compared >= 7, $"only {compared} corpus files were comparable");
    }

    [SkippableFact]
    public void GeneratedFiles_ReadByVobject_SameFieldsAsWritten()
    {
        var seed = TestSeed.Announce(output);
        var random = new Random(seed);
        var dir = Directory.CreateTempSubdirectory("tandem-vcard-diff-");
        try
        {
            var written = new Dictionary<string, (Contact Contact, VCardVersion Version)>();
            for (var i = 0; i < 40; i++)
            {
                var contact = RandomContacts.Next(random);
                foreach (var version in new[] { VCardVersion.V21, VCardVersion.V30, VCardVersion.V40 })
                {
                    var path = Path.Combine(dir.FullName, $"{i:D2}-{version}.vcf");
                    File.WriteAllText(path, VCardCodec.Write(contact, version));
                    written[path] = (contact, version);
                }
            }

            var oracle = VCardFields(written.Keys);

            var compared21 = 0;
            foreach (var (path, (contact, version)) in written)
            {
                var theirs = oracle.GetProperty(path);
                if (theirs.ValueKind != JsonValueKind.Array)
                {
                    Assert.True(version == VCardVersion.V21, $"seed {seed}: vobject could not read our {version} file: {theirs}\n{File.ReadAllText(path)}");
                    continue;
                }
                if (version == VCardVersion.V21) compared21++;
                Compare($"seed {seed} {Path.GetFileName(path)}", [contact], theirs);
            }
            output.WriteLine($"2.1 files vobject could read: {compared21} of 40");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static void Compare(string what, IReadOnlyList<Contact> ours, JsonElement theirs)
    {
        Assert.True(ours.Count == theirs.GetArrayLength(), $"{what}: {ours.Count} cards vs vobject's {theirs.GetArrayLength()}");
        for (var i = 0; i < ours.Count; i++)
        {
            var c = ours[i];
            var t = theirs[i];
            var where = $"{what} card {i}";
            Same(where, "FN", c.DisplayName, Str(t, "fn"));
            if (t.TryGetProperty("n", out var n))
            {
                string?[] parts = [c.Surname, c.GivenName, c.MiddleName, c.NamePrefix, c.NameSuffix];
                for (var k = 0; k < 5; k++) Same(where, $"N[{k}]", parts[k], n[k].ValueKind == JsonValueKind.Null ? null : n[k].GetString());
            }
            if (t.TryGetProperty("org", out var org))
            {
                Same(where, "ORG company", c.CompanyName, org[0].GetString());
                var units = org.EnumerateArray().Skip(1).Select(u => u.GetString() ?? "").ToList();
                Same(where, "ORG units", c.Department, units.All(u => u.Length == 0) ? null : string.Join("; ", units));
            }
            Same(where, "TITLE", c.JobTitle, Str(t, "title"));
            Same(where, "ROLE", c.Profession, Str(t, "role"));
            Same(where, "NOTE", c.Notes, Str(t, "note"));
            Same(where, "UID", c.Uid, Str(t, "uid"));
            Same(where, "NICKNAME", c.Nickname, Str(t, "nickname"));
            if (Str(t, "url") is { } url && !url.Contains('\\', StringComparison.Ordinal)) Same(where, "URL", c.WebPage, url);

            var theirEmails = t.GetProperty("emails").EnumerateArray().Select(e => e.GetString()!.Trim()).ToList();
            var ourEmails = c.Emails.Select(e => e.Address).Concat(ExtraValues(c, "EMAIL")).ToList();
            Assert.True(theirEmails.SequenceEqual(ourEmails), $"{where}: EMAIL [{string.Join(", ", ourEmails)}] vs vobject [{string.Join(", ", theirEmails)}]");

            var theirTels = t.GetProperty("tels").EnumerateArray().Select(e => StripTel(e.GetString()!.Trim())).Order(StringComparer.Ordinal).ToList();
            var ourTels = c.Phones.Select(p => p.Number).Concat(ExtraValues(c, "TEL")).Order(StringComparer.Ordinal).ToList();
            Assert.True(theirTels.SequenceEqual(ourTels), $"{where}: TEL [{string.Join(", ", ourTels)}] vs vobject [{string.Join(", ", theirTels)}]");

            var theirCategories = t.GetProperty("categories").EnumerateArray().Select(e => Norm(e.GetString())).OfType<string>().ToList();
            var ourCategories = c.Categories.Select(Norm).OfType<string>().ToList();
            Assert.True(theirCategories.SequenceEqual(ourCategories), $"{where}: CATEGORIES [{string.Join("|", ourCategories)}] vs vobject [{string.Join("|", theirCategories)}]");

            if (Str(t, "bday") is { } bday)
            {
                Assert.True(c.Birthday is not null, $"{where}: vobject has BDAY {bday}, we have none");
                var digits = new string(bday.Split('T')[0].Where(char.IsAsciiDigit).ToArray());
                var expected = c.Birthday!.Value.ToString(digits.Length == 4 ? "MMdd" : "yyyyMMdd", CultureInfo.InvariantCulture);
                Assert.True(digits == expected, $"{where}: BDAY {c.Birthday} vs vobject {bday}");
            }
        }
    }

    private static IEnumerable<string> ExtraValues(Contact c, string name) =>
        c.Extras.Where(e => e.Name == name).Select(e => e.Line[(e.Line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim());

    private static string StripTel(string v) => v.StartsWith("tel:", StringComparison.OrdinalIgnoreCase) ? v[4..] : v;

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    // Both sides as the engine compares them: trimmed, LF line ends, empty as absent.
    private static string? Norm(string? s) => ItemNormalizer.Text(s);

    private static void Same(string where, string field, string? ours, string? theirs) =>
        Assert.True(Norm(ours) == Norm(theirs), $"{where}: {field} ours \"{ours}\" vs vobject \"{theirs}\"");

    /// <summary>python3-vobject's reading of <paramref name="files"/>: path → array of cards, or { "error": … }.</summary>
    private static JsonElement VCardFields(IEnumerable<string> files) =>
        PythonOracle.Require("vobject").Run(VCardTestFiles.Python("vcard_fields.py"), null, [.. files]).Json();
}
