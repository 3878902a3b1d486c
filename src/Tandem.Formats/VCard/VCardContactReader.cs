using Tandem.Core.Items;
using Tandem.Formats.ContentLines;

namespace Tandem.Formats.VCard;

/// <summary>
/// Maps the content lines of one card to a <see cref="Contact"/>. Everything the model has no field for —
/// and repeats beyond Outlook's slots (a fourth e-mail, a second home address) — is kept as an extra property,
/// so a store that can hold it gets it back unchanged.
/// </summary>
internal sealed class VCardContactReader
{
    private readonly IReadOnlyList<ContentLine> _lines;
    private readonly Dictionary<string, (int Index, ContentLine Line)> _labels = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _usedGroups = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(int Index, ContentLine Line)> _extras = [];
    private readonly List<EmailAddress> _emails = [];
    private readonly List<Phone> _phones = [];
    private readonly List<PostalAddress> _addresses = [];
    private readonly List<string> _ims = [];
    private readonly List<string> _categories = [];
    private Contact _contact = new();
    private VCardVersion _version = VCardVersion.V30;
    private int _defaultPostal = -1;

    private VCardContactReader(IReadOnlyList<ContentLine> lines) => _lines = lines;

    /// <param name="lines">The card's lines, BEGIN:VCARD first and END:VCARD last.</param>
    public static Contact Read(IReadOnlyList<ContentLine> lines, string? fileName)
    {
        if (lines.Count == 0 || lines[0].Name != "BEGIN" || !lines[0].RawValue.Trim().Equals("VCARD", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatParseException(fileName, lines.Count > 0 ? lines[0].LineNumber : 0, "expected BEGIN:VCARD");
        }
        var last = lines[^1];
        if (last.Name != "END" || !last.RawValue.Trim().Equals("VCARD", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatParseException(fileName, last.LineNumber, "missing END:VCARD");
        }
        return new VCardContactReader(lines).Map();
    }

    private Contact Map()
    {
        for (var i = 1; i < _lines.Count - 1; i++)
        {
            var line = _lines[i];
            if (line.Name == "X-ABLABEL" && line.Group is not null) _labels[line.Group] = (i, line);
            if (line.Name == "VERSION") _version = ParseVersion(line.RawValue);
        }

        var depth = 0;
        for (var i = 1; i < _lines.Count - 1; i++)
        {
            var line = _lines[i];
            // A card nested in AGENT (vCard 2.1) is another person; it is not this contact's data.
            if (line.Name == "BEGIN") depth++;
            if (depth > 0)
            {
                if (line.Name == "END") depth--;
                continue;
            }
            if (line.Name == "X-ABLABEL" && line.Group is not null) continue;
            if (!Apply(line)) _extras.Add((i, line));
            else if (line.Group is not null) _usedGroups.Add(line.Group);
        }

        // A label stays with whatever of its group is kept as an extra, so that the extra reads back the same.
        var extraGroups = _extras.Select(e => e.Line.Group).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (group, label) in _labels)
        {
            if (!_usedGroups.Contains(group) || extraGroups.Contains(group)) _extras.Add(label);
        }

        return _contact with
        {
            Emails = _emails.ToValueList(),
            Phones = _phones.ToValueList(),
            Addresses = _addresses.ToValueList(),
            ImAddresses = _ims.ToValueList(),
            Categories = _categories.ToValueList(),
            MailingAddress = MailingKind(),
            Extras = _extras.OrderBy(e => e.Index).Select(e => new ExtraProperty(e.Line.Name, e.Line.ToUnfoldedLine())).ToValueList(),
        };
    }

    /// <summary>Takes the line into the model; false when it belongs in the extras.</summary>
    private bool Apply(ContentLine line)
    {
        var c = _contact;
        switch (line.Name)
        {
            case "VERSION" or "PRODID" or "REV":
                return true;
            case "KIND":
                // "individual" is the default a writer may or may not spell out; "group" or "org" is information.
                return line.RawValue.Trim().Equals("individual", StringComparison.OrdinalIgnoreCase);
            case "N":
                if (HasName(c)) return false;
                var n = Components(line);
                _contact = c with
                {
                    Surname = At(n, 0), GivenName = At(n, 1), MiddleName = At(n, 2), NamePrefix = At(n, 3), NameSuffix = At(n, 4),
                };
                return true;
            case "FN":
                return SetOnce(c.DisplayName, Text(line), v => c with { DisplayName = v });
            case "NICKNAME":
                return SetOnce(c.Nickname, Text(line), v => c with { Nickname = v });
            case "ORG":
                if (c.CompanyName is not null || c.Department is not null) return false;
                var org = Components(line);
                var units = org.Skip(1).Select(u => u ?? "").ToList();
                _contact = c with
                {
                    CompanyName = At(org, 0),
                    Department = units.Count == 0 || units.All(u => u.Length == 0) ? null : string.Join("; ", units),
                };
                return true;
            case "TITLE":
                return SetOnce(c.JobTitle, Text(line), v => c with { JobTitle = v });
            case "ROLE":
                return SetOnce(c.Profession, Text(line), v => c with { Profession = v });
            case "X-TANDEM-OFFICE":
                return SetOnce(c.OfficeLocation, Text(line), v => c with { OfficeLocation = v });
            case "X-EVOLUTION-FILE-AS" or "X-TANDEM-FILE-AS":
                return SetOnce(c.FileAs, Text(line), v => c with { FileAs = v });
            case "X-PHONETIC-FIRST-NAME":
                return SetOnce(c.YomiGivenName, Text(line), v => c with { YomiGivenName = v });
            case "X-PHONETIC-LAST-NAME":
                return SetOnce(c.YomiSurname, Text(line), v => c with { YomiSurname = v });
            case "X-PHONETIC-ORG" or "X-PHONETIC-ORGANIZATION":
                return SetOnce(c.YomiCompanyName, Text(line), v => c with { YomiCompanyName = v });
            case "EMAIL":
                return ReadEmail(line);
            case "TEL":
                return ReadPhone(line);
            case "ADR":
                return ReadAddress(line);
            case "LABEL":
                // A formatted copy of an ADR: derived, and stale as soon as the address is edited elsewhere.
                return _lines.Any(l => l.Name == "ADR");
            case "X-MS-OL-DEFAULT-POSTAL-ADDRESS":
                _defaultPostal = int.TryParse(line.RawValue.Trim(), out var p) ? p : -1;
                return true;
            case "BDAY":
                return SetDate(c.Birthday, line, d => c with { Birthday = d });
            case "ANNIVERSARY" or "X-ANNIVERSARY" or "X-MS-ANNIVERSARY" or "X-EVOLUTION-ANNIVERSARY":
                return SetDate(c.Anniversary, line, d => c with { Anniversary = d });
            case "X-ABDATE":
                return Label(line) == "anniversary" && SetDate(c.Anniversary, line, d => c with { Anniversary = d });
            case "X-MS-MANAGER" or "X-MANAGER" or "X-EVOLUTION-MANAGER" or "X-KADDRESSBOOK-X-MANAGERSNAME":
                return SetOnce(c.Manager, Text(line), v => c with { Manager = v });
            case "X-MS-ASSISTANT" or "X-ASSISTANT" or "X-EVOLUTION-ASSISTANT" or "X-KADDRESSBOOK-X-ASSISTANTSNAME":
                return SetOnce(c.AssistantName, Text(line), v => c with { AssistantName = v });
            case "X-MS-SPOUSE" or "X-SPOUSE" or "X-EVOLUTION-SPOUSE" or "X-KADDRESSBOOK-X-SPOUSENAME":
                return SetOnce(c.SpouseName, Text(line), v => c with { SpouseName = v });
            case "X-ABRELATEDNAMES":
                return Label(line) switch
                {
                    "manager" => SetOnce(c.Manager, Text(line), v => c with { Manager = v }),
                    "assistant" => SetOnce(c.AssistantName, Text(line), v => c with { AssistantName = v }),
                    "spouse" or "partner" => SetOnce(c.SpouseName, Text(line), v => c with { SpouseName = v }),
                    _ => false,
                };
            case "RELATED":
                return line.HasParamValue("TYPE", "spouse") && IsTextValue(line)
                    && SetOnce(c.SpouseName, Text(line), v => c with { SpouseName = v });
            case "URL":
                return SetOnce(c.WebPage, Text(line), v => c with { WebPage = v });
            case "NOTE":
                return SetOnce(c.Notes, Text(line), v => c with { Notes = v });
            case "CATEGORIES":
                foreach (var part in TextValue.SplitUnescaped(line.RawValue, ','))
                {
                    foreach (var piece in _version == VCardVersion.V21 ? TextValue.SplitUnescaped(part, ';') : [part])
                    {
                        var category = Lines(TextValue.Unescape(piece)).Trim();
                        if (category.Length > 0) _categories.Add(category);
                    }
                }
                return true;
            case "CLASS" or "X-CLASS":
                var cls = line.RawValue.Trim();
                _contact = c with { IsPrivate = c.IsPrivate || cls.Equals("PRIVATE", StringComparison.OrdinalIgnoreCase) || cls.Equals("CONFIDENTIAL", StringComparison.OrdinalIgnoreCase) };
                return cls.Equals("PRIVATE", StringComparison.OrdinalIgnoreCase) || cls.Equals("CONFIDENTIAL", StringComparison.OrdinalIgnoreCase) || cls.Equals("PUBLIC", StringComparison.OrdinalIgnoreCase);
            case "UID":
                return SetOnce(c.Uid, Text(line), v => c with { Uid = v });
            case "PHOTO":
                if (c.Photo is not null) return false;
                var photo = VCardPhotos.TryRead(line);
                if (photo is null) return false;
                _contact = c with { Photo = photo };
                return true;
            default:
                if (VCardImAddresses.IsImProperty(line.Name))
                {
                    var im = VCardImAddresses.Read(line);
                    if (im is null) return true;
                    if (_ims.Contains(im, StringComparer.OrdinalIgnoreCase)) return true;
                    if (_ims.Count >= 3) return false;
                    _ims.Add(im);
                    return true;
                }
                return false;
        }
    }

    private bool ReadEmail(ContentLine line)
    {
        var address = Text(line)?.Trim();
        if (string.IsNullOrEmpty(address)) return true;
        if (_emails.Count >= 3) return false;
        _emails.Add(new EmailAddress(address, EmptyToNull(line.Param("X-CN"))));
        return true;
    }

    private bool ReadPhone(ContentLine line)
    {
        var number = Text(line)?.Trim();
        if (string.IsNullOrEmpty(number)) return true;
        if (number.StartsWith("tel:", StringComparison.OrdinalIgnoreCase)) number = number[4..];
        var kind = VCardPhoneKinds.Classify(line, Label(line));
        if (kind == PhoneKind.Business && HasPhone(PhoneKind.Business)) kind = PhoneKind.Business2;
        if (kind == PhoneKind.Home && HasPhone(PhoneKind.Home)) kind = PhoneKind.Home2;
        if (HasPhone(kind)) return false;
        _phones.Add(new Phone(kind, number));
        return true;
    }

    private bool ReadAddress(ContentLine line)
    {
        var label = Label(line);
        var kind = label switch
        {
            "work" or "business" => AddressKind.Business,
            "home" => AddressKind.Home,
            "other" => AddressKind.Other,
            _ => line.HasParamValue("TYPE", "WORK") ? AddressKind.Business
                : line.HasParamValue("TYPE", "HOME") ? AddressKind.Home
                : AddressKind.Other,
        };
        if (_addresses.Any(a => a.Kind == kind)) return false;
        var parts = Components(line);
        if (parts.Count > 7) return false;
        var extended = At(parts, 1);
        var street = At(parts, 2);
        // Outlook has no "extended address"; it goes on the street's first line rather than being lost.
        if (extended is not null) street = street is null ? extended : extended + "\n" + street;
        _addresses.Add(new PostalAddress(kind, street, At(parts, 3), At(parts, 4), At(parts, 5), At(parts, 6), At(parts, 0)));
        if (_contact.MailingAddress is null && (line.HasParamValue("TYPE", "PREF") || line.Param("PREF") is not null))
        {
            _contact = _contact with { MailingAddress = kind };
        }
        return true;
    }

    private bool SetDate(DateOnly? current, ContentLine line, Func<DateOnly, Contact> set)
    {
        if (current is not null || !VCardDates.TryParse(line.RawValue, out var date)) return false;
        _contact = set(date);
        return true;
    }

    private bool SetOnce(string? current, string? value, Func<string, Contact> set)
    {
        if (value is null) return true;
        if (current is not null) return false;
        _contact = set(value);
        return true;
    }

    /// <summary>The mailing address, if it names an address the card actually has.</summary>
    private AddressKind? MailingKind()
    {
        var kind = _contact.MailingAddress ?? DefaultPostal();
        return kind is { } k && _addresses.Any(a => a.Kind == k) ? k : null;
    }

    private AddressKind? DefaultPostal() => _defaultPostal switch
    {
        1 => AddressKind.Home,
        2 => AddressKind.Business,
        3 => AddressKind.Other,
        _ => null,
    };

    private bool HasPhone(PhoneKind kind) => _phones.Any(p => p.Kind == kind);

    private string? Label(ContentLine line) =>
        line.Group is not null && _labels.TryGetValue(line.Group, out var label) ? AppleLabels.Normalize(label.Line.RawValue) : null;

    private static bool HasName(Contact c) =>
        c.Surname is not null || c.GivenName is not null || c.MiddleName is not null || c.NamePrefix is not null || c.NameSuffix is not null;

    private static bool IsTextValue(ContentLine line) => line.Param("VALUE") is { } v && v.Equals("text", StringComparison.OrdinalIgnoreCase);

    private static VCardVersion ParseVersion(string value) => value.Trim() switch
    {
        "2.1" => VCardVersion.V21,
        "4.0" => VCardVersion.V40,
        _ => VCardVersion.V30,
    };

    private static List<string?> Components(ContentLine line) =>
        TextValue.SplitUnescaped(line.RawValue, ';').Select(p => EmptyToNull(Lines(TextValue.Unescape(p)))).ToList();

    private static string? At(List<string?> parts, int index) => index < parts.Count ? parts[index] : null;

    private static string? Text(ContentLine line) => EmptyToNull(Lines(TextValue.Unescape(line.RawValue)));

    private static string? EmptyToNull(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static string Lines(string s) => s.Contains('\r', StringComparison.Ordinal) ? s.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n') : s;
}
