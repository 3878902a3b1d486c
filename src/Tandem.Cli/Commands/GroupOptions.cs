using System.CommandLine;
using Tandem.Core.Groups;

namespace Tandem.Cli.Commands;

/// <summary>Options shared by <c>group add</c> and <c>group set</c>; their values are parsed by Core's <see cref="GroupFields"/>, as in the panel.</summary>
internal static class GroupOptions
{
    public static Option<string?> Conflict()
    {
        var option = new Option<string?>("--conflict") { Description = "who wins concurrent edits: newest (default), priority, merge" };
        option.AcceptOnlyFromAmong(GroupFields.ConflictNames);
        return option;
    }

    public static Option<string?> Priority() => new("--priority") { Description = "the member that wins under --conflict priority (REF)" };

    public static Option<string?> DeleteThreshold() =>
        new("--delete-threshold") { Description = "pause the group when one cycle would delete more than this percentage of it (default 20)" };

    public static ConflictPolicy? ParseConflict(string? text) => text is null ? null : CliUsageException.From(() => GroupFields.ParseConflict(text), "--conflict");

    public static double? ParseThreshold(string? text) => text is null ? null : CliUsageException.From(() => GroupFields.ParseThresholdPercent(text), "--delete-threshold");
}
