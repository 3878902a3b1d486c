using Tandem.Core.Items.Mail;

namespace Tandem.Core.Tests.Items.Mail;

public sealed class MailDateTests
{
    [Theory]
    [InlineData("Fri, 21 Nov 1997 09:55:06 -0600", 1997, 11, 21, 9, 55, 6, -360)]
    [InlineData("21 Nov 97 09:55:06 GMT", 1997, 11, 21, 9, 55, 6, 0)]
    [InlineData("Thu, 13 Feb 1969 23:32 -0330 (Newfoundland Time)", 1969, 2, 13, 23, 32, 0, -210)]
    [InlineData("Tue, 1 Jul 2003 10:52:37 +0200", 2003, 7, 1, 10, 52, 37, 120)]
    [InlineData("Mon, 6 Jan 2026 08:00:00 EST", 2026, 1, 6, 8, 0, 0, -300)]
    [InlineData("6 Jan 05 08:00:00 PDT", 2005, 1, 6, 8, 0, 0, -420)]
    [InlineData("Sat, 31 Dec 2016 23:59:60 +0000", 2016, 12, 31, 23, 59, 59, 0)]
    public void TryParse_Rfc5322AndObsoleteForms_GiveTheInstant(string text, int y, int mo, int d, int h, int mi, int s, int offsetMinutes)
    {
        Assert.True(MailDate.TryParse(text, out var value));
        Assert.Equal(new DateTimeOffset(y, mo, d, h, mi, s, TimeSpan.FromMinutes(offsetMinutes)), value);
        Assert.Equal(TimeSpan.FromMinutes(offsetMinutes), value.Offset);
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("32 Jan 2026 10:00:00 +0000")]
    [InlineData("1 Foo 2026 10:00:00 +0000")]
    [InlineData("1 Jan 2026 25:00:00 +0000")]
    [InlineData("1 Jan 2026")]
    public void TryParse_NotADate_IsRefused(string text)
    {
        Assert.False(MailDate.TryParse(text, out _));
    }
}
