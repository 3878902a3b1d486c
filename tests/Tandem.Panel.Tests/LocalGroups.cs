using Tandem.Core.Groups;
using Tandem.Core.Items;

namespace Tandem.Panel.Tests;

/// <summary>Groups over the panel server's local "files" connection, with hand-made vCards, for the editing tests.</summary>
internal static class LocalGroups
{
    public static string Card(string fullName, string given, string surname) =>
        "BEGIN:VCARD\r\nVERSION:3.0\r\n" + $"N:{surname};{given};;;\r\nFN:{fullName}\r\nEMAIL;TYPE=INTERNET:{given.ToLowerInvariant()}@example.org\r\nEND:VCARD\r\n";

    /// <summary>A contacts group from <c>files:hq/NAME</c> (source) to the given targets, with the given cards in the source.</summary>
    public static async Task CreateAsync(PanelServer server, string name, IReadOnlyList<string> targets, params (string File, string Text)[] cards)
    {
        var source = Path.Combine(server.Root, "hq", name);
        Directory.CreateDirectory(source);
        foreach (var (file, text) in cards) await File.WriteAllTextAsync(Path.Combine(source, file), text);
        await using var store = await server.OpenStoreAsync();
        await store.AddGroupAsync(new GroupDefinition
        {
            Name = name,
            Kind = ItemKind.Contact,
            Members = new[] { new MemberDefinition(FolderRef.Parse($"files:hq/{name}"), MemberRole.Source) }
                .Concat(targets.Select(t => new MemberDefinition(FolderRef.Parse($"files:{t}/{name}"), MemberRole.Target))).ToValueList(),
        }, default);
    }

    public static string Folder(PanelServer server, string mailbox, string group) => Path.Combine(server.Root, mailbox, group);

    public static List<string> Cards(string folder) => Directory.Exists(folder) ? [.. Directory.GetFiles(folder, "*.vcf").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)] : [];

    public static async Task WaitForAsync(Func<Task<bool>> done, string what, int seconds = 60)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await done())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(seconds)) throw new TimeoutException($"{what}: not within {seconds} s");
            await Task.Delay(100);
        }
    }
}
