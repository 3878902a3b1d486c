using System.Collections.Frozen;

namespace Tandem.Lab.Ews;

/// <summary>Item element names the lab stores, their schema types and the ItemClass Exchange gives them by default.</summary>
internal static class ItemTypes
{
    private static readonly FrozenDictionary<string, (string Type, string ItemClass)> Known = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["Item"] = ("ItemType", "IPM.Note"),
        ["Message"] = ("MessageType", "IPM.Note"),
        ["CalendarItem"] = ("CalendarItemType", "IPM.Appointment"),
        ["Contact"] = ("ContactItemType", "IPM.Contact"),
        ["DistributionList"] = ("DistributionListType", "IPM.DistList"),
        ["Task"] = ("TaskType", "IPM.Task"),
        ["PostItem"] = ("PostItemType", "IPM.Post"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static bool IsKnown(string element) => Known.ContainsKey(element);

    public static string SchemaType(string element) => Known.TryGetValue(element, out var k) ? k.Type : "ItemType";

    public static string DefaultItemClass(string element) => Known.TryGetValue(element, out var k) ? k.ItemClass : "IPM.Note";

    /// <summary>The distinguished folder an item of this kind lands in when CreateItem names no folder.</summary>
    public static string DefaultFolder(string element) => element switch
    {
        "CalendarItem" => "calendar",
        "Contact" or "DistributionList" => "contacts",
        "Task" => "tasks",
        _ => "drafts",
    };
}
