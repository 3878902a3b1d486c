namespace Tandem.Core.Groups;

/// <summary>How a member takes part in its group (DESIGN.md "Words").</summary>
public enum MemberRole
{
    /// <summary>Its changes flow out; it receives nothing.</summary>
    Source,

    /// <summary>It receives; its own edits and deletions of group items are reverted; items users add there are left alone.</summary>
    Target,

    /// <summary>Both.</summary>
    TwoWay,
}

public static class MemberRoles
{
    public static string ToText(this MemberRole role) => role switch
    {
        MemberRole.Source => "source",
        MemberRole.Target => "target",
        _ => "two-way",
    };

    public static bool TryParse(string text, out MemberRole role)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "source": role = MemberRole.Source; return true;
            case "target": role = MemberRole.Target; return true;
            case "two-way" or "twoway" or "two_way": role = MemberRole.TwoWay; return true;
            default: role = default; return false;
        }
    }

    public static bool SendsChanges(this MemberRole role) => role != MemberRole.Target;

    public static bool ReceivesChanges(this MemberRole role) => role != MemberRole.Source;
}
