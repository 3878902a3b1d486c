namespace Tandem.Core.Items;

/// <summary>
/// A member that withholds a contact's photo (photos left out, or over its size cap) says nothing about the photo:
/// its copy is taken to hold the group's photo, whatever that is. A member that never received a photo the group
/// only knows as withheld cannot have removed it either. Applied to a member's copy before it is compared with the
/// group's item, so neither case reads as an edit, and no photo is replaced or deleted elsewhere because one store
/// did not carry it.
/// </summary>
public static class PhotoCarry
{
    /// <summary><paramref name="incoming"/> with the group's photo where it withholds one; the same instance when nothing changes.</summary>
    public static CanonicalItem Fill(CanonicalItem incoming, CanonicalItem? group)
    {
        if (incoming is not Contact c || group is not Contact g || c.Photo == g.Photo) return incoming;
        return c.Photo is { IsWithheld: true } || (c.Photo is null && g.Photo is { IsWithheld: true })
            ? c with { Photo = g.Photo }
            : incoming;
    }
}
