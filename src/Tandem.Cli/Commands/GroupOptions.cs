using System.CommandLine;
using System.Globalization;
using Tandem.Core.Groups;

namespace Tandem.Cli.Commands;

/// <summary>Options shared by <c>group add</c> and <c>group set</c>.</summary>
internal static class GroupOptions
{
    public static Option<string?> Conflict()
    {
        var option = new Option<string?>("--conflict") { Description = "who wins concurrent edits: newest (default), priority, merge" };
        option.AcceptOnlyFromAmong("newest", "priority", "merge");
        return option;
    }

    public static Option<string?> Priority() => new("--priority") { Description = "the member that wins under --conflict priority (REF)" };

    public static Option<string?> DeleteThreshold() =>
        new("--delete-threshold") { Description = "pause the group when one cycle would delete more than this percentage of it (default 20)" };

    public static ConflictPolicy? ParseConflict(string? text) => text switch
    {
        null => null,
        "newest" => ConflictPolicy.Newest,
        "priority" => ConflictPolicy.Priority,
        "merge" => ConflictPolicy.Merge,
        _ => throw new CliUsageException($"--conflict '{text}' is not newest, priority or merge"),
    };

    public static double? ParseThreshold(string? text)
    {
        if (text is null) return null;
        if (!double.TryParse(text.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) || percent <= 0)
            throw new CliUsageException($"--delete-threshold '{text}' is not a percentage above 0 (100 or more disables the guard)");
        return percent / 100;
    }
}
