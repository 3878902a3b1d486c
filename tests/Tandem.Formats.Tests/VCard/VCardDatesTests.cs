using Tandem.Formats.VCard;

namespace Tandem.Formats.Tests.VCard;

public sealed class VCardDatesTests
{
    [Theory]
    [InlineData("19850415", 1985, 4, 15)]
    [InlineData("1985-04-15", 1985, 4, 15)]
    [InlineData("1953-10-15T23:10:00Z", 1953, 10, 15)]
    [InlineData("20090808T1430-0500", 2009, 8, 8)]
    [InlineData("--0415", VCardDates.NoYear, 4, 15)]
    [InlineData("--04-15", VCardDates.NoYear, 4, 15)]
    [InlineData("--0229", VCardDates.NoYear, 2, 29)]
    [InlineData(" 1604-02-03 ", VCardDates.NoYear, 2, 3)]
    public void TryParse_SupportedForms_GiveTheDate(string value, int year, int month, int day)
    {
        Assert.True(VCardDates.TryParse(value, out var date));
        Assert.Equal(new DateOnly(year, month, day), date);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1985")]
    [InlineData("1985-04")]
    [InlineData("---15")]
    [InlineData("19850231")]
    [InlineData("1985-13-01")]
    [InlineData("circa 1800")]
    [InlineData("1985/04/15")]
    [InlineData("00000101")]
    public void TryParse_UnsupportedOrInvalid_ReturnsFalse(string value) => Assert.False(VCardDates.TryParse(value, out _));
}
