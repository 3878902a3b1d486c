namespace Tandem.Core.Items;

/// <summary>
/// A property the model does not know (X-SOCIALPROFILE, X-ABUID, …), kept verbatim so that a store
/// able to hold it gets it back. <see cref="Line"/> is the unfolded content line without the line break.
/// Extras are deliberately outside the content hash: a store that drops them must not look edited.
/// </summary>
public sealed record ExtraProperty(string Name, string Line);
