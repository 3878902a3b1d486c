using Tandem.Core.Groups;
using Tandem.Core.Sync;

namespace Tandem.State.Storage;

/// <summary>
/// The checks every provider makes before it writes configuration, so that SQLite and PostgreSQL refuse the same input
/// with the same one-line message.
/// </summary>
internal static class StoreRules
{
    public static void ValidateName(string name, string what)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new TandemConfigurationException($"a {what} needs a name");
        if (name.Any(c => char.IsControl(c) || c is ':' or '/')) throw new TandemConfigurationException($"{what} name '{name}' must not contain ':', '/' or control characters");
    }

    public static void ValidateSettings(GroupDefinition group)
    {
        if (group.MassDeleteThreshold is <= 0 or double.NaN)
            throw new TandemConfigurationException($"group '{group.Name}': the mass-deletion threshold must be above 0 (1 or more disables the guard)");
        if (group.RulesJson is not null)
        {
            try
            {
                SyncRules.Parse(group.RulesJson);
            }
            catch (FormatException e)
            {
                throw new TandemConfigurationException($"group '{group.Name}': {e.Message}", e);
            }
        }
    }

    public static void CheckPriority(GroupDefinition group)
    {
        // the priority member itself may be added after the group, so only its presence is required here
        if (group.Conflict == ConflictPolicy.Priority && group.PriorityMember is null)
            throw new TandemConfigurationException($"group '{group.Name}': conflict policy 'priority' needs a priority member (--priority REF)");
    }

    /// <summary>Rules JSON in its normal form (null clears them); a bad rule is a configuration error naming the group.</summary>
    public static string? NormalizeRules(string group, string? rulesJson)
    {
        if (string.IsNullOrWhiteSpace(rulesJson)) return null;
        try
        {
            return SyncRules.Parse(rulesJson).ToJson();
        }
        catch (FormatException e)
        {
            throw new TandemConfigurationException($"group '{group}': {e.Message}", e);
        }
    }

    /// <summary>
    /// Whether new rules differ from the stored ones in what they do (compared in normal form; stored rules that no longer
    /// parse count as different). A change has every member read whole once: no incremental read reports again an item
    /// the old rules kept out, which would otherwise wait for its next edit (docs/roles.md).
    /// </summary>
    public static bool RulesDiffer(string group, string? stored, string? given)
    {
        // the common case, on every step that stores tokens: the rules the cycle loaded are the stored ones, unparsed
        if (string.Equals(stored, given, StringComparison.Ordinal)) return false;
        try
        {
            return !string.Equals(NormalizeRules(group, stored), NormalizeRules(group, given), StringComparison.Ordinal);
        }
        catch (TandemConfigurationException)
        {
            return true;
        }
    }

    /// <summary>Earlier revisions kept per item at most: a member further behind is merged by newest-wins instead.</summary>
    public const int MaxKeptRevisions = 8;

    /// <summary>Keys of logical items pack the group id and the item id into one integer (group &lt;&lt; 40 | id).</summary>
    public const int LogicalIdBits = 40;

    /// <summary>An account role as both providers store it.</summary>
    public static string RoleText(Admin.AdminRole role) => role.ToString().ToLowerInvariant();

    public static Admin.AdminRole ParseRole(string text) =>
        Enum.TryParse<Admin.AdminRole>(text, ignoreCase: true, out var role) ? role : throw new TandemConfigurationException($"unknown account role '{text}' in the state database");

    public static TandemConfigurationException UnknownAccount(string name) => new($"no account '{name}'");
}
