using Tandem.Core.Groups;
using Tandem.Core.Items;

namespace Tandem.Cli;

/// <summary>The group types as the command line spells them (<see cref="GroupFields"/>, shared with the panel and the API).</summary>
internal static class ItemKindNames
{
    public static readonly string[] All = GroupFields.KindNames;

    public static ItemKind Parse(string text) => CliUsageException.From(() => GroupFields.ParseKind(text), "--type");

    public static string ToText(ItemKind kind) => GroupFields.KindText(kind);
}
