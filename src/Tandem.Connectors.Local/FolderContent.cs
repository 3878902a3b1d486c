using Tandem.Core.Items;

namespace Tandem.Connectors.Local;

/// <summary>What a directory seems to hold, for folder listings: the kind by extension (.vcf, .eml, and for .ics by the first component) and the file count.</summary>
internal static class FolderContent
{
    public static (ItemKind? Kind, int Count) Describe(DirectoryInfo dir)
    {
        var vcf = 0;
        var eml = 0;
        var ics = new List<FileInfo>();
        foreach (var file in dir.EnumerateFiles())
        {
            if (ItemFileNames.IsItemFile(file.Name, ItemKind.Contact)) vcf++;
            else if (ItemFileNames.IsItemFile(file.Name, ItemKind.Message)) eml++;
            else if (ItemFileNames.IsItemFile(file.Name, ItemKind.Event)) ics.Add(file);
        }
        if (eml > vcf && eml > ics.Count) return (ItemKind.Message, eml);
        if (vcf >= ics.Count) return (vcf > 0 ? ItemKind.Contact : null, vcf);
        return (CalendarKind(ics[0]), ics.Count);
    }

    private static ItemKind? CalendarKind(FileInfo file)
    {
        string text;
        try { text = File.ReadAllText(file.FullName); }
        catch (IOException) { return null; }
        if (text.Contains("BEGIN:VEVENT", StringComparison.OrdinalIgnoreCase)) return ItemKind.Event;
        if (text.Contains("BEGIN:VTODO", StringComparison.OrdinalIgnoreCase)) return ItemKind.Task;
        if (text.Contains("BEGIN:VJOURNAL", StringComparison.OrdinalIgnoreCase)) return ItemKind.Note;
        return null;
    }
}
