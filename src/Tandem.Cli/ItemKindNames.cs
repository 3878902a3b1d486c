using Tandem.Core.Items;

namespace Tandem.Cli;

/// <summary>The group types as the command line spells them.</summary>
internal static class ItemKindNames
{
    public static readonly string[] All = ["contacts", "calendar", "tasks", "notes", "mail"];

    public static ItemKind Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "contacts" => ItemKind.Contact,
        "calendar" => ItemKind.Event,
        "tasks" => ItemKind.Task,
        "notes" => ItemKind.Note,
        "mail" => ItemKind.Message,
        _ => throw new CliUsageException($"group type '{text}' is not one of: {string.Join(", ", All)}"),
    };

    public static string ToText(ItemKind kind) => kind switch
    {
        ItemKind.Contact => "contacts",
        ItemKind.Event => "calendar",
        ItemKind.Task => "tasks",
        ItemKind.Message => "mail",
        _ => "notes",
    };
}
