namespace Tandem.Core.Items;

/// <summary>
/// A member that withholds a contact's photo (photos left out, or over its size cap) says nothing about the photo:
/// its copy is taken to hold the group's photo, whatever that is. Applied to a member's copy before it is compared with
/// the group's item, so a withheld photo never reads as an edit and never replaces or removes a photo elsewhere. (A copy
/// without any photo is what it says; writers keep a photo they never handed over, see the EWS connector's ContactPhotos.)
/// </summary>
public static class PhotoCarry
{
    /// <summary><paramref name="incoming"/> with the group's photo where it withholds one; the same instance when nothing changes.</summary>
    public static CanonicalItem Fill(CanonicalItem incoming, CanonicalItem? group) =>
        incoming is Contact { Photo.IsWithheld: true } c && group is Contact g && c.Photo != g.Photo ? c with { Photo = g.Photo } : incoming;
}
