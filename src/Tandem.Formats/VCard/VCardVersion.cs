namespace Tandem.Formats.VCard;

public enum VCardVersion { V21, V30, V40 }
