namespace Tandem.Panel.Security;

/// <summary>How many wrong passwords in a row lock an account, and for how long.</summary>
public sealed record SignInPolicy
{
    public int MaxFailures { get; init; } = 5;

    public TimeSpan LockOut { get; init; } = TimeSpan.FromMinutes(15);
}
