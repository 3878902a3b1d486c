namespace Tandem.Cli.Ews;

/// <summary>The accounts every lab seed creates (Tandem.Lab's README); printed by `tandem lab` and used by the lab demo.</summary>
internal static class LabUsers
{
    public const string Password = "lab";

    public const string ServiceAccount = "tandem@lab.test";

    public static IReadOnlyList<string> Users { get; } = ["alice@lab.test", "bob@lab.test", "carol@lab.test", "dave@lab.test", "erin@lab.test"];
}
