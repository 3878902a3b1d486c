using Tandem.Service.Attendant;
using Tandem.Service.Runtime;

namespace Tandem.Service.Tests;

public sealed class RetryAndRediscoveryTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(6, 160)]
    [InlineData(7, 300)]
    [InlineData(1000, 300)]
    public void RetrySchedule_DoublesUpToTheMaximum(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetrySchedule.Default.After(failures));

    // how-to-refresh-configuration-information-by-using-autodiscover: cache a week; on a connection error refresh only
    // when the cache is over an hour old
    [Theory]
    [InlineData(30, true, false)]
    [InlineData(61, true, true)]
    [InlineData(61, false, false)]
    [InlineData(7 * 24 * 60, false, true)]
    public void Rediscovery_FollowsMicrosoftsCacheRules(int ageMinutes, bool failing, bool due) =>
        Assert.Equal(due, RediscoveryRule.Due(Now, Now.AddMinutes(-ageMinutes), failing, TimeSpan.FromHours(1), TimeSpan.FromDays(7)));

    [Fact]
    public void Rediscovery_NeverRecorded_IsDue() =>
        Assert.True(RediscoveryRule.Due(Now, null, false, TimeSpan.FromHours(1), TimeSpan.FromDays(7)));

    [Theory]
    [InlineData("GetItem: ErrorMailboxMoveInProgress (the mailbox is being moved)", true)]
    [InlineData("ErrorMailboxStoreUnavailable", true)]
    [InlineData("ErrorConnectionFailed: cannot reach the server", true)]
    [InlineData("Response status code does not indicate success: 503 (Service Unavailable).", true)]
    [InlineData("Connection refused (127.0.0.1:5081)", true)]
    [InlineData("ErrorAccessDenied: the account has no impersonation right", false)]
    [InlineData("folder lab:alice@lab.test/Contacts/Gone does not exist", false)]
    [InlineData("The remote server returned 401 Unauthorized", false)]
    public void FailoverErrors_OnlyConnectionErrorsCallForAutodiscover(string error, bool expected) =>
        Assert.Equal(expected, FailoverErrors.CallsForAutodiscover(error));
}
