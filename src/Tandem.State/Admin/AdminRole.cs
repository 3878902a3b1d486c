namespace Tandem.State.Admin;

/// <summary>What a panel or API account may do; each role includes the ones below it.</summary>
public enum AdminRole
{
    /// <summary>Reads everything; changes nothing.</summary>
    Viewer = 0,

    /// <summary>Also runs, pauses and resumes groups, approves or rejects deletions, retries failed items.</summary>
    Operator = 1,

    /// <summary>Everything: connections, groups, purges, accounts, tokens.</summary>
    Administrator = 2,
}
