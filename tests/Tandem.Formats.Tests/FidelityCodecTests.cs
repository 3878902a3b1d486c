using Tandem.Core.Items;
using Tandem.Formats.ICalendar;
using Tandem.Formats.VCard;
using Tandem.Testing.Items;

namespace Tandem.Formats.Tests;

/// <summary>The codecs' side of the fields that are easy to lose: photos (also withheld ones), organizers, two bodies, floating times.</summary>
public sealed class FidelityCodecTests
{
    [Theory]
    [InlineData(VCardVersion.V21)]
    [InlineData(VCardVersion.V30)]
    [InlineData(VCardVersion.V40)]
    public void VCard_Photo_RoundTripsInEveryVersion(VCardVersion version)
    {
        var contact = SampleItems.ContactWithPhoto();

        var read = (Contact)VCardCodec.ReadAll(VCardCodec.Write(contact, version))[0];

        Assert.Equal(contact.Photo, read.Photo);
        Assert.Equal(ContentHash.Compute(contact), ContentHash.Compute(read));
    }

    [Fact]
    public void VCard_WithheldPhoto_WritesNoPhotoButKeepsAPhotoGivenByUrl()
    {
        var kept = new ExtraProperty("PHOTO", "PHOTO:https://example.org/ada.jpg");
        var contact = ((Contact)SampleItems.Simple(ItemKind.Contact, "Ada")) with { Photo = Photo.Withheld(), Extras = [kept] };

        var text = VCardCodec.Write(contact, VCardVersion.V40);

        Assert.DoesNotContain("data:", text, StringComparison.Ordinal);
        Assert.Contains("PHOTO:https://example.org/ada.jpg", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ICalendar_OrganizerAndBothBodies_KeptAsOrganizerDescriptionAndAltDesc()
    {
        var item = SampleItems.OrganizedWithBothBodies();

        var text = ICalendarCodec.Write(item);
        var read = (Event)ICalendarCodec.ReadAll(text)[0];

        Assert.Contains("ORGANIZER;CN=The Boss", text, StringComparison.Ordinal);
        Assert.Contains("DESCRIPTION:Agenda (plain text version)", text, StringComparison.Ordinal);
        Assert.Contains("X-ALT-DESC;FMTTYPE=text/html:", text, StringComparison.Ordinal);
        Assert.Equal(ContentHash.Compute(item), ContentHash.Compute(read));
    }

    [Fact]
    public void ICalendar_FloatingSeries_WrittenWithoutZoneAndReadBackFloating()
    {
        var item = SampleItems.FloatingSeries();

        var text = ICalendarCodec.Write(item);
        var read = (Event)ICalendarCodec.ReadAll(text)[0];

        Assert.Contains("DTSTART:20260303T093000\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("TZID", text, StringComparison.Ordinal);
        Assert.True(read.Start.IsFloating);
        Assert.Equal(ContentHash.Compute(item), ContentHash.Compute(read));
    }
}
