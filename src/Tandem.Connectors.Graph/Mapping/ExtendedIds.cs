namespace Tandem.Connectors.Graph.Mapping;

/// <summary>
/// The single-value extended property ids Tandem reads and writes. The stamp lives in Tandem's own property set, the same
/// named MAPI properties the EWS connector writes, so a copy made over EWS is recognised over Graph and the other way round
/// (one group can mix both). The others are the MAPI properties of contact fields Graph has no property for.
/// </summary>
internal static class ExtendedIds
{
    private const string TandemSet = "{8b0d6e52-4c8a-4f1e-9d36-1a7c5e2f90b4}";
    private const string AddressSet = "{00062004-0000-0000-c000-000000000046}";

    public const string StampGroup = "String " + TandemSet + " Name TandemGroup";
    public const string StampLogicalId = "String " + TandemSet + " Name TandemLogicalId";
    public const string StampIntent = "String " + TandemSet + " Name TandemIntent";

    public static readonly string[] Stamp = [StampGroup, StampLogicalId, StampIntent];

    /// <summary>
    /// An event's attendees, as Tandem keeps them on a Graph copy: Graph has no SendToNone, so writing its attendees would
    /// send meeting requests.
    /// </summary>
    public const string Attendees = "String " + TandemSet + " Name TandemAttendees";

    /// <summary>
    /// The event fields Exchange has no writable place for (<see cref="Core.Items.EventExtras"/>): the same named properties
    /// the EWS connector writes, so an event reads the same over either protocol.
    /// </summary>
    public const string Organizer = "String " + TandemSet + " Name TandemOrganizer";

    public const string TextBody = "String " + TandemSet + " Name TandemTextBody";

    public const string Floating = "String " + TandemSet + " Name TandemFloating";

    /// <summary>Every id an event read expands.</summary>
    public static readonly string[] EventRead = [.. Stamp, Attendees, Organizer, TextBody, Floating];

    /// <summary>PR_SENSITIVITY: 0 normal … 2 private.</summary>
    public const string Sensitivity = "Integer 0x0036";

    /// <summary>PR_WEDDING_ANNIVERSARY.</summary>
    public const string Anniversary = "SystemTime 0x3A41";

    /// <summary>PidLidPostalAddressId: which address is the mailing address (0 none, 1 home, 2 business, 3 other).</summary>
    public const string MailingAddress = "Integer " + AddressSet + " Id 0x8022";

    public const string BusinessPoBox = "String 0x3A2B";
    public const string HomePoBox = "String 0x3A5E";
    public const string OtherPoBox = "String 0x3A64";

    /// <summary>Phone numbers Graph's contact has no property for, by their PR_* tags.</summary>
    public static readonly (Core.Items.PhoneKind Kind, string Id)[] Phones =
    [
        (Core.Items.PhoneKind.Assistant, "String 0x3A2E"), (Core.Items.PhoneKind.BusinessFax, "String 0x3A24"),
        (Core.Items.PhoneKind.Callback, "String 0x3A02"), (Core.Items.PhoneKind.Car, "String 0x3A1E"),
        (Core.Items.PhoneKind.Company, "String 0x3A57"), (Core.Items.PhoneKind.HomeFax, "String 0x3A25"),
        (Core.Items.PhoneKind.Isdn, "String 0x3A2D"), (Core.Items.PhoneKind.OtherFax, "String 0x3A23"),
        (Core.Items.PhoneKind.Other, "String 0x3A1F"), (Core.Items.PhoneKind.Pager, "String 0x3A21"),
        (Core.Items.PhoneKind.Primary, "String 0x3A1A"), (Core.Items.PhoneKind.Radio, "String 0x3A1D"),
        (Core.Items.PhoneKind.Telex, "String 0x3A2C"), (Core.Items.PhoneKind.TtyTdd, "String 0x3A4B"),
    ];

    /// <summary>
    /// A fingerprint of the picture a contact held when the group removed its photo: Graph cannot delete a contact's photo,
    /// so that picture reads as none (<see cref="Sessions.GraphPhotos"/>).
    /// </summary>
    public const string PhotoRemoved = "String " + TandemSet + " Name TandemPhotoRemoved";

    /// <summary>
    /// PidLidHasPicture: whether the contact has a photo, kept by Exchange with the photo attachment (Outlook shows the
    /// photo by it). A contact listed with it false has no photo to fetch.
    /// </summary>
    public const string HasPicture = "Boolean " + AddressSet + " Id 0x8015";

    /// <summary>Every id a contact read expands (stamp and the fields above).</summary>
    public static readonly string[] ContactRead =
        [.. Stamp, Sensitivity, Anniversary, MailingAddress, BusinessPoBox, HomePoBox, OtherPoBox, PhotoRemoved, HasPicture, .. Phones.Select(p => p.Id)];

    /// <summary>The extended properties Graph returned, by id (ids compare without case; a repeated id keeps its last value).</summary>
    public static Dictionary<string, string?> Values(IEnumerable<Microsoft.Graph.Models.SingleValueLegacyExtendedProperty>? properties) =>
        (properties ?? []).Where(p => p.Id is not null)
            .GroupBy(p => p.Id!, StringComparer.OrdinalIgnoreCase).ToDictionary(p => p.Key, p => p.Last().Value, StringComparer.OrdinalIgnoreCase);

    /// <summary>Tandem's stamp among <paramref name="values"/>, or null when the item carries none.</summary>
    public static Core.Connectors.ItemStamp? StampOf(IReadOnlyDictionary<string, string?> values)
    {
        string? X(string id) => values.TryGetValue(id, out var v) && !string.IsNullOrEmpty(v) ? v : null;
        return X(StampGroup) is { } group && X(StampLogicalId) is { } logical ? new Core.Connectors.ItemStamp(group, logical, X(StampIntent) ?? "") : null;
    }

    /// <summary>The stamp as the single-value extended properties a create or a PATCH sends.</summary>
    public static List<Microsoft.Graph.Models.SingleValueLegacyExtendedProperty> StampProperties(Core.Connectors.ItemStamp stamp) =>
    [
        new() { Id = StampGroup, Value = stamp.GroupId },
        new() { Id = StampLogicalId, Value = stamp.LogicalId },
        new() { Id = StampIntent, Value = stamp.IntentKey },
    ];

    /// <summary>$expand=singleValueExtendedProperties($filter=id eq '…' or …) for <paramref name="ids"/>.</summary>
    public static string Expand(IEnumerable<string> ids) =>
        "singleValueExtendedProperties($filter=" + string.Join(" or ", ids.Select(id => "id eq '" + id + "'")) + ")";

    /// <summary>$filter matching items whose <paramref name="id"/> property equals <paramref name="value"/>.</summary>
    public static string Filter(string id, string value) =>
        $"singleValueExtendedProperties/any(ep: ep/id eq '{id}' and ep/value eq '{value.Replace("'", "''", StringComparison.Ordinal)}')";
}
