using System.Globalization;
using Tandem.Core.Items;

namespace Tandem.Core.Groups;

/// <summary>
/// A group's settings as people type them — in the CLI's options, the panel's forms and the REST API — parsed the same
/// way everywhere; a wrong value throws <see cref="FormatException"/> naming the field and what it accepts.
/// </summary>
public static class GroupFields
{
    public static readonly string[] KindNames = ["contacts", "calendar", "tasks", "notes", "mail"];

    public static readonly string[] ConflictNames = ["newest", "priority", "merge"];

    public static ItemKind ParseKind(string? text) => (text ?? "").Trim().ToLowerInvariant() switch
    {
        "contacts" => ItemKind.Contact,
        "calendar" => ItemKind.Event,
        "tasks" => ItemKind.Task,
        "notes" => ItemKind.Note,
        "mail" => ItemKind.Message,
        _ => throw new FormatException($"item type '{text}' is not one of: {string.Join(", ", KindNames)}"),
    };

    public static string KindText(ItemKind kind) => kind switch
    {
        ItemKind.Contact => "contacts",
        ItemKind.Event => "calendar",
        ItemKind.Task => "tasks",
        ItemKind.Message => "mail",
        _ => "notes",
    };

    public static ConflictPolicy ParseConflict(string? text) => (text ?? "").Trim().ToLowerInvariant() switch
    {
        "newest" => ConflictPolicy.Newest,
        "priority" => ConflictPolicy.Priority,
        "merge" => ConflictPolicy.Merge,
        _ => throw new FormatException($"conflict policy '{text}' is not newest, priority or merge"),
    };

    public static string ConflictText(ConflictPolicy policy) => policy.ToString().ToLowerInvariant();

    /// <summary>The mass-deletion threshold from a percentage ("20", "20%"), as the share a group stores (0.2).</summary>
    public static double ParseThresholdPercent(string? text)
    {
        if (!double.TryParse((text ?? "").Trim().TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) || percent <= 0 || double.IsNaN(percent))
            throw new FormatException($"deletion threshold '{text}' is not a percentage above 0 (100 or more disables the guard)");
        return percent / 100;
    }

    public static string ThresholdText(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture);

    public static MemberRole ParseRole(string? text) =>
        MemberRoles.TryParse(text ?? "", out var role) ? role : throw new FormatException($"role '{text}' is not source, target or two-way");
}
