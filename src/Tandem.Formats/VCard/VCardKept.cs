using Tandem.Core.Items;
using Tandem.Formats.ContentLines;

namespace Tandem.Formats.VCard;

/// <summary>
/// ADR and ORG components Outlook's form has no field for (the extended address, ORG units after the first) are
/// mapped onto the fields it has (the street's first line, one department) and also kept as they came, as an
/// extra outside the content hash. The writer gives the components back as they came while the fields still
/// read the same, so vCard stores get the card they had and Exchange gets what it can hold.
/// </summary>
internal static class VCardKept
{
    private const string AddressPrefix = "X-TANDEM-KEPT-ADR-";
    private const string Organization = "X-TANDEM-KEPT-ORG";

    public static bool IsKept(ExtraProperty extra) => extra.Name.StartsWith("X-TANDEM-KEPT-", StringComparison.Ordinal);

    public static ExtraProperty KeepAddress(AddressKind kind, IReadOnlyList<string?> parts) => new(AddressPrefix + kind, Join(parts));

    public static ExtraProperty KeepOrganization(IReadOnlyList<string?> parts) => new(Organization, Join(parts));

    /// <summary>The model's address from ADR's components: the extended address goes on the street's first line.</summary>
    public static PostalAddress Address(AddressKind kind, IReadOnlyList<string?> parts)
    {
        var extended = At(parts, 1);
        var street = At(parts, 2);
        if (extended is not null) street = street is null ? extended : extended + "\n" + street;
        return new PostalAddress(kind, street, At(parts, 3), At(parts, 4), At(parts, 5), At(parts, 6), At(parts, 0));
    }

    /// <summary>ORG's units after the company, joined; null when there are none.</summary>
    public static string? Department(IReadOnlyList<string?> org)
    {
        var last = org.Count - 1;
        while (last >= 1 && org[last] is null) last--;
        if (last < 1) return null;
        if (last == 1 && org.Count == 2) return org[1];
        var units = new string[org.Count - 1];
        for (var i = 1; i < org.Count; i++) units[i - 1] = org[i] ?? "";
        return string.Join("; ", units);
    }

    /// <summary>ADR's components as they came, when they still mean <paramref name="address"/>.</summary>
    public static string?[]? AddressParts(ValueList<ExtraProperty> extras, PostalAddress address)
    {
        var parts = Find(extras, AddressPrefix + address.Kind);
        return parts is not null && Address(address.Kind, parts) == address ? parts : null;
    }

    /// <summary>ORG's components as they came, when they still mean <paramref name="company"/> and <paramref name="department"/>.</summary>
    public static string?[]? OrganizationParts(ValueList<ExtraProperty> extras, string? company, string? department)
    {
        var parts = Find(extras, Organization);
        return parts is not null && At(parts, 0) == company && Department(parts) == department ? parts : null;
    }

    private static string?[]? Find(ValueList<ExtraProperty> extras, string name)
    {
        foreach (var extra in extras)
        {
            if (extra.Name == name) return TextValue.SplitUnescaped(extra.Line, ';').Select(p => EmptyToNull(TextValue.Unescape(p))).ToArray();
        }
        return null;
    }

    private static string Join(IReadOnlyList<string?> parts) => string.Join(';', parts.Select(p => TextValue.Escape(p ?? "")));

    private static string? At(IReadOnlyList<string?> parts, int index) => index < parts.Count ? parts[index] : null;

    private static string? EmptyToNull(string s) => s.Length == 0 ? null : s;
}
