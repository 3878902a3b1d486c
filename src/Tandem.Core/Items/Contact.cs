namespace Tandem.Core.Items;

public sealed record EmailAddress(string Address, string? DisplayName = null);

public sealed record Phone(PhoneKind Kind, string Number);

public sealed record PostalAddress(
    AddressKind Kind,
    string? Street = null,
    string? City = null,
    string? State = null,
    string? PostalCode = null,
    string? Country = null,
    string? PostOfficeBox = null);

/// <summary>
/// Inline picture; <see cref="Data"/> is base64 so the record keeps value equality. A photo with no data is
/// <see cref="IsWithheld"/>: the store holds one but did not hand it over (photos left out, or over the size cap).
/// A withheld photo never replaces or removes a photo anywhere: writers leave the store's photo as it is, and the
/// planner keeps the group's photo for it (<see cref="PhotoCarry"/>).
/// </summary>
public sealed record Photo(string MediaType, string Data)
{
    public static Photo Withheld(string? mediaType = null) => new(mediaType ?? "image/jpeg", string.Empty);

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsWithheld => Data.Length == 0;

    /// <summary>The picture's size in bytes, from its base64 length.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long ByteCount => Data.Length / 4 * 3 - (Data.EndsWith("==", StringComparison.Ordinal) ? 2 : Data.EndsWith('=') ? 1 : 0);
}

/// <summary>Every field of Outlook's contact form.</summary>
public sealed record Contact : CanonicalItem
{
    public override ItemKind Kind => ItemKind.Contact;

    public string? NamePrefix { get; init; }
    public string? GivenName { get; init; }
    public string? MiddleName { get; init; }
    public string? Surname { get; init; }
    public string? NameSuffix { get; init; }
    public string? DisplayName { get; init; }
    public string? FileAs { get; init; }
    public string? Nickname { get; init; }
    public string? YomiGivenName { get; init; }
    public string? YomiSurname { get; init; }
    public string? YomiCompanyName { get; init; }

    /// <summary>Up to three addresses, in Outlook's order (EmailAddress1..3).</summary>
    public ValueList<EmailAddress> Emails { get; init; } = ValueList<EmailAddress>.Empty;
    public ValueList<Phone> Phones { get; init; } = ValueList<Phone>.Empty;

    /// <summary>Up to one address per <see cref="AddressKind"/>.</summary>
    public ValueList<PostalAddress> Addresses { get; init; } = ValueList<PostalAddress>.Empty;

    /// <summary>Which of <see cref="Addresses"/> is the mailing address, if any.</summary>
    public AddressKind? MailingAddress { get; init; }

    public string? CompanyName { get; init; }
    public string? Department { get; init; }
    public string? OfficeLocation { get; init; }
    public string? JobTitle { get; init; }
    public string? Profession { get; init; }
    public string? Manager { get; init; }
    public string? AssistantName { get; init; }
    public DateOnly? Birthday { get; init; }
    public DateOnly? Anniversary { get; init; }
    public string? SpouseName { get; init; }
    public string? WebPage { get; init; }

    /// <summary>Up to three IM addresses (Outlook's IMAddress1..3).</summary>
    public ValueList<string> ImAddresses { get; init; } = ValueList<string>.Empty;
    public string? Notes { get; init; }
    public Photo? Photo { get; init; }
    public bool IsPrivate { get; init; }

    public override string Title =>
        FirstNonEmpty(DisplayName, FileAs, JoinName(), CompanyName, Emails.FirstOrDefault()?.Address) ?? "(unnamed contact)";

    private string? JoinName() => string.Join(' ', new[] { GivenName, Surname }.Where(s => !string.IsNullOrWhiteSpace(s)));

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
