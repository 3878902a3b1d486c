using System.Collections.Frozen;
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
    private IReadOnlyList<ContentLine> _lines = [];
    private readonly List<(int Index, ContentLine Line)> _extras;
    private readonly List<EmailAddress> _emails;
    private readonly List<Phone> _phones;
    private readonly List<PostalAddress> _addresses;
    private readonly List<string> _ims;
    private readonly List<string> _categories;
    private readonly List<string?> _components;
    private readonly StringTable _strings;
    private readonly SharedLists _categorySets;
    private Card _c;

    /// <summary>What one card has said so far; a new card starts from <see cref="Card.New"/>.</summary>
    private struct Card
    {
        public Dictionary<string, (int Index, ContentLine Line)>? Labels;
        public HashSet<string>? UsedGroups;
        public List<ExtraProperty>? Kept;
        public string? NamePrefix;
        public string? GivenName;
        public string? MiddleName;
        public string? Surname;
        public string? NameSuffix;
        public string? DisplayName;
        public string? FileAs;
        public string? Nickname;
        public string? YomiGivenName;
        public string? YomiSurname;
        public string? YomiCompanyName;
        public string? CompanyName;
        public string? Department;
        public string? OfficeLocation;
        public string? JobTitle;
        public string? Profession;
        public string? Manager;
        public string? AssistantName;
        public string? SpouseName;
        public string? WebPage;
        public string? Notes;
        public string? Uid;
        public DateOnly? Birthday;
        public DateOnly? Anniversary;
        public Photo? Photo;
        public bool IsPrivate;
        public AddressKind? MailingAddress;
        public VCardVersion Version;
        public int DefaultPostal;
        public bool HasName;

        public static Card New() => new() { Version = VCardVersion.V30, DefaultPostal = -1 };
    }

    private VCardContactReader(Lists lists)
    {
        (_extras, _emails, _phones, _addresses, _ims, _categories, _components) =
            (lists.Extras, lists.Emails, lists.Phones, lists.Addresses, lists.Ims, lists.Categories, lists.Components);
        _strings = lists.Strings;
        _categorySets = lists.CategorySets;
    }

    /// <param name="lines">The card's lines, BEGIN:VCARD first and END:VCARD last.</param>
    /// <param name="fileName">For error messages.</param>
    /// <param name="lists">Working lists (and the reader) to reuse (a file's cards are read one at a time), or null for new ones.</param>
    public static Contact Read(IReadOnlyList<ContentLine> lines, string? fileName, Lists? lists = null)
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
        // A file's cards are read one after the other by one reader: it is as large as a contact, and one per card
        // would be a sixth of what a read allocates.
        lists ??= new Lists();
        var reader = lists.Reader ??= new VCardContactReader(lists);
        reader._lines = lines;
        reader._c = Card.New();
        lists.Clear();
        return reader.Map();
    }

    /// <summary>
    /// The lists a card is gathered in, and the file's shared texts. The contact gets copies of the lists (its
    /// value lists), so one set serves a whole file's cards, read one after the other.
    /// </summary>
    internal sealed class Lists
    {
        public List<(int Index, ContentLine Line)> Extras { get; } = [];

        public List<EmailAddress> Emails { get; } = [];

        public List<Phone> Phones { get; } = [];

        public List<PostalAddress> Addresses { get; } = [];

        public List<string> Ims { get; } = [];

        public List<string> Categories { get; } = [];

        public List<string?> Components { get; } = new(8);

        /// <summary>Not cleared between cards: the file's repeated texts.</summary>
        public StringTable Strings { get; } = new();

        /// <summary>Not cleared between cards: the file's repeated category sets.</summary>
        public SharedLists CategorySets { get; } = new();

        /// <summary>The reader that works with these lists, made for the first card.</summary>
        public VCardContactReader? Reader { get; set; }

        public void Clear()
        {
            Extras.Clear();
            Emails.Clear();
            Phones.Clear();
            Addresses.Clear();
            Ims.Clear();
            Categories.Clear();
            Components.Clear();
        }
    }

    private Contact Map()
    {
        for (var i = 1; i < _lines.Count - 1; i++)
        {
            var line = _lines[i];
            if (line.Name == "X-ABLABEL" && line.Group is not null) (_c.Labels ??= new(StringComparer.OrdinalIgnoreCase))[line.Group] = (i, line);
            if (line.Name == "VERSION") _c.Version = ParseVersion(line.RawValue);
        }

        var depth = 0;
        for (var i = 1; i < _lines.Count - 1; i++)
        {
            var line = _lines[i];
            // A card nested in AGENT (vCard 2.1) is another person, not this contact's data: it is kept, line by
            // line and in order, as extras, so that it is written back whole.
            if (IsCardMarker(line, "BEGIN")) depth++;
            if (depth > 0)
            {
                if (IsCardMarker(line, "END")) depth--;
                _extras.Add((i, line));
                continue;
            }
            if (line.Name == "X-ABLABEL" && line.Group is not null) continue;
            if (!Apply(line)) _extras.Add((i, line));
            else if (line.Group is not null) (_c.UsedGroups ??= new(StringComparer.OrdinalIgnoreCase)).Add(line.Group);
        }

        if (_c.Labels is not null)
        {
            // A label stays with whatever of its group is kept as an extra, so that the extra reads back the same.
            var extraGroups = _extras.Select(e => e.Line.Group).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var (group, label) in _c.Labels)
            {
                if (_c.UsedGroups?.Contains(group) != true || extraGroups.Contains(group)) _extras.Add(label);
            }
            _extras.Sort((a, b) => a.Index.CompareTo(b.Index));
        }

        return new Contact
        {
            NamePrefix = _c.NamePrefix,
            GivenName = _c.GivenName,
            MiddleName = _c.MiddleName,
            Surname = _c.Surname,
            NameSuffix = _c.NameSuffix,
            DisplayName = _c.DisplayName,
            FileAs = _c.FileAs,
            Nickname = _c.Nickname,
            YomiGivenName = _c.YomiGivenName,
            YomiSurname = _c.YomiSurname,
            YomiCompanyName = _c.YomiCompanyName,
            CompanyName = _c.CompanyName,
            Department = _c.Department,
            OfficeLocation = _c.OfficeLocation,
            JobTitle = _c.JobTitle,
            Profession = _c.Profession,
            Manager = _c.Manager,
            AssistantName = _c.AssistantName,
            SpouseName = _c.SpouseName,
            WebPage = _c.WebPage,
            Notes = _c.Notes,
            Uid = _c.Uid,
            Birthday = _c.Birthday,
            Anniversary = _c.Anniversary,
            Photo = _c.Photo,
            IsPrivate = _c.IsPrivate,
            Emails = Values(_emails),
            Phones = Values(_phones),
            Addresses = Values(_addresses),
            ImAddresses = Values(_ims),
            Categories = _categorySets.Get(_categories),
            MailingAddress = MailingKind(),
            Extras = _extras.Count == 0 && _c.Kept is null ? ValueList<ExtraProperty>.Empty
                : _extras.Select(e => new ExtraProperty(e.Line.Name, e.Line.ToUnfoldedLine())).Concat(_c.Kept ?? []).ToValueList(),
        };
    }

    /// <summary>Takes one line into the model; false when it belongs in the extras.</summary>
    private delegate bool PropertyReader(VCardContactReader reader, ContentLine line);

    /// <summary>
    /// What each property does to the contact, by name (names compare exactly, as the parser upper-cases them).
    /// A name not here is an IM address or an extra.
    /// </summary>
    private static readonly FrozenDictionary<string, PropertyReader> Properties = Table(
        (["VERSION", "PRODID", "REV"], static (_, _) => true),
        // "individual" is the default a writer may or may not spell out; "group" or "org" is information.
        (["KIND"], static (_, line) => line.RawValue.Trim().Equals("individual", StringComparison.OrdinalIgnoreCase)),
        (["N"], static (r, line) => r.ReadName(line)),
        (["FN"], static (r, line) => SetOnce(ref r._c.DisplayName, r.Text(line))),
        (["NICKNAME"], static (r, line) => SetOnce(ref r._c.Nickname, r.Text(line))),
        (["ORG"], static (r, line) => r.ReadOrganization(line)),
        (["TITLE"], static (r, line) => SetOnce(ref r._c.JobTitle, r.Text(line))),
        (["ROLE"], static (r, line) => SetOnce(ref r._c.Profession, r.Text(line))),
        (["X-TANDEM-OFFICE"], static (r, line) => SetOnce(ref r._c.OfficeLocation, r.Text(line))),
        (["X-EVOLUTION-FILE-AS", "X-TANDEM-FILE-AS"], static (r, line) => SetOnce(ref r._c.FileAs, r.Text(line))),
        (["X-PHONETIC-FIRST-NAME"], static (r, line) => SetOnce(ref r._c.YomiGivenName, r.Text(line))),
        (["X-PHONETIC-LAST-NAME"], static (r, line) => SetOnce(ref r._c.YomiSurname, r.Text(line))),
        (["X-PHONETIC-ORG", "X-PHONETIC-ORGANIZATION"], static (r, line) => SetOnce(ref r._c.YomiCompanyName, r.Text(line))),
        (["EMAIL"], static (r, line) => r.ReadEmail(line)),
        (["TEL"], static (r, line) => r.ReadPhone(line)),
        (["ADR"], static (r, line) => r.ReadAddress(line)),
        // A formatted copy of an ADR: derived, and stale as soon as the address is edited elsewhere.
        (["LABEL"], static (r, _) => r._lines.Any(l => l.Name == "ADR")),
        (["X-MS-OL-DEFAULT-POSTAL-ADDRESS"], static (r, line) => r.ReadDefaultPostal(line)),
        (["BDAY"], static (r, line) => SetDate(ref r._c.Birthday, line)),
        (["ANNIVERSARY", "X-ANNIVERSARY", "X-MS-ANNIVERSARY", "X-EVOLUTION-ANNIVERSARY"], static (r, line) => SetDate(ref r._c.Anniversary, line)),
        (["X-ABDATE"], static (r, line) => r.Label(line) == "anniversary" && SetDate(ref r._c.Anniversary, line)),
        (["X-MS-MANAGER", "X-MANAGER", "X-EVOLUTION-MANAGER", "X-KADDRESSBOOK-X-MANAGERSNAME"], static (r, line) => SetOnce(ref r._c.Manager, r.Text(line))),
        (["X-MS-ASSISTANT", "X-ASSISTANT", "X-EVOLUTION-ASSISTANT", "X-KADDRESSBOOK-X-ASSISTANTSNAME"], static (r, line) => SetOnce(ref r._c.AssistantName, r.Text(line))),
        (["X-MS-SPOUSE", "X-SPOUSE", "X-EVOLUTION-SPOUSE", "X-KADDRESSBOOK-X-SPOUSENAME"], static (r, line) => SetOnce(ref r._c.SpouseName, r.Text(line))),
        (["X-ABRELATEDNAMES"], static (r, line) => r.ReadRelatedName(line)),
        (["RELATED"], static (r, line) => line.HasParamValue("TYPE", "spouse") && IsTextValue(line) && SetOnce(ref r._c.SpouseName, r.Text(line))),
        (["URL"], static (r, line) => SetOnce(ref r._c.WebPage, r.Text(line))),
        (["NOTE"], static (r, line) => SetOnce(ref r._c.Notes, r.Text(line))),
        (["CATEGORIES"], static (r, line) => r.ReadCategories(line)),
        (["CLASS", "X-CLASS"], static (r, line) => r.ReadClass(line)),
        (["UID"], static (r, line) => SetOnce(ref r._c.Uid, UniqueText(line))),
        (["PHOTO"], static (r, line) => r.ReadPhoto(line)));

    private static FrozenDictionary<string, PropertyReader> Table(params ReadOnlySpan<(string[] Names, PropertyReader Read)> rows)
    {
        var table = new Dictionary<string, PropertyReader>(StringComparer.Ordinal);
        foreach (var (names, read) in rows)
        {
            foreach (var name in names) table.Add(name, read);
        }
        return table.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Takes the line into the model; false when it belongs in the extras.</summary>
    private bool Apply(ContentLine line)
    {
        if (Properties.TryGetValue(line.Name, out var read)) return read(this, line);
        return VCardImAddresses.IsImProperty(line.Name) && ReadIm(line);
    }

    private bool ReadName(ContentLine line)
    {
        if (_c.HasName) return false;
        _c.HasName = true;
        var n = Components(line);
        (_c.Surname, _c.GivenName, _c.MiddleName, _c.NamePrefix, _c.NameSuffix) = (At(n, 0), At(n, 1), At(n, 2), At(n, 3), At(n, 4));
        return true;
    }

    private bool ReadOrganization(ContentLine line)
    {
        if (_c.CompanyName is not null || _c.Department is not null) return false;
        var org = Components(line);
        _c.CompanyName = At(org, 0);
        _c.Department = VCardKept.Department(org);
        if (org.Count > 2 && _c.Department is not null && org.Skip(2).Any(u => u is not null)) (_c.Kept ??= []).Add(VCardKept.KeepOrganization(org));
        return true;
    }

    private bool ReadDefaultPostal(ContentLine line)
    {
        _c.DefaultPostal = int.TryParse(line.RawValue.Trim(), out var p) ? p : -1;
        return true;
    }

    private bool ReadRelatedName(ContentLine line) => Label(line) switch
    {
        "manager" => SetOnce(ref _c.Manager, Text(line)),
        "assistant" => SetOnce(ref _c.AssistantName, Text(line)),
        "spouse" or "partner" => SetOnce(ref _c.SpouseName, Text(line)),
        _ => false,
    };

    private bool ReadCategories(ContentLine line)
    {
        // vCard 2.1 writers separate categories with ';' as well as ','.
        Span<char> buffer = stackalloc char[256];
        SplitCategories(line.Chars(buffer), _c.Version == VCardVersion.V21);
        return true;
    }

    private bool ReadClass(ContentLine line)
    {
        var cls = line.RawValue.Trim();
        _c.IsPrivate |= cls.Equals("PRIVATE", StringComparison.OrdinalIgnoreCase) || cls.Equals("CONFIDENTIAL", StringComparison.OrdinalIgnoreCase);
        return cls.Equals("PRIVATE", StringComparison.OrdinalIgnoreCase) || cls.Equals("CONFIDENTIAL", StringComparison.OrdinalIgnoreCase) || cls.Equals("PUBLIC", StringComparison.OrdinalIgnoreCase);
    }

    private bool ReadPhoto(ContentLine line)
    {
        if (_c.Photo is not null) return false;
        _c.Photo = VCardPhotos.TryRead(line);
        return _c.Photo is not null;
    }

    private bool ReadIm(ContentLine line)
    {
        var im = VCardImAddresses.Read(line);
        if (im is null) return true;
        if (_ims.Contains(im, StringComparer.OrdinalIgnoreCase)) return true;
        if (_ims.Count >= 3) return false;
        _ims.Add(im);
        return true;
    }

    private bool ReadEmail(ContentLine line)
    {
        var address = UniqueText(line)?.Trim();
        if (string.IsNullOrEmpty(address)) return true;
        if (_emails.Count >= 3) return false;
        _emails.Add(new EmailAddress(address, EmptyToNull(line.Param("X-CN"))));
        return true;
    }

    private bool ReadPhone(ContentLine line)
    {
        var number = UniqueText(line)?.Trim();
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
        if (HasAddress(kind)) return false;
        var parts = Components(line);
        if (parts.Count > 7) return false;
        // Outlook has no "extended address"; it goes on the street's first line rather than being lost, and the
        // components are kept as they came for stores that have one.
        _addresses.Add(VCardKept.Address(kind, parts));
        if (At(parts, 1) is not null) (_c.Kept ??= []).Add(VCardKept.KeepAddress(kind, parts));
        if (_c.MailingAddress is null && (line.HasParamValue("TYPE", "PREF") || line.Param("PREF") is not null))
        {
            _c.MailingAddress = kind;
        }
        return true;
    }

    private static bool SetDate(ref DateOnly? field, ContentLine line)
    {
        Span<char> buffer = stackalloc char[64];
        if (field is not null || !VCardDates.TryParse(line.Chars(buffer), out var date)) return false;
        field = date;
        return true;
    }

    private static bool SetOnce(ref string? field, string? value)
    {
        if (value is null) return true;
        if (field is not null) return false;
        field = value;
        return true;
    }

    /// <summary>The mailing address, if it names an address the card actually has.</summary>
    private AddressKind? MailingKind()
    {
        var kind = _c.MailingAddress ?? DefaultPostal();
        return kind is { } k && HasAddress(k) ? k : null;
    }

    private AddressKind? DefaultPostal() => _c.DefaultPostal switch
    {
        1 => AddressKind.Home,
        2 => AddressKind.Business,
        3 => AddressKind.Other,
        _ => null,
    };

    private bool HasPhone(PhoneKind kind)
    {
        foreach (var p in _phones)
        {
            if (p.Kind == kind) return true;
        }
        return false;
    }

    private bool HasAddress(AddressKind kind)
    {
        foreach (var a in _addresses)
        {
            if (a.Kind == kind) return true;
        }
        return false;
    }

    private string? Label(ContentLine line) =>
        line.Group is not null && _c.Labels is not null && _c.Labels.TryGetValue(line.Group, out var label) ? AppleLabels.Normalize(label.Line.RawValue) : null;

    // Exactly the splitter's rule (no group, no parameters, only trailing blanks), so both agree where a card ends.
    private static bool IsCardMarker(ContentLine line, string name) =>
        line.Name == name && line.Group is null && line.Parameters.Count == 0
        && line.RawValue.AsSpan().TrimEnd(" \t").Equals("VCARD", StringComparison.OrdinalIgnoreCase);

    private static bool IsTextValue(ContentLine line) => line.Param("VALUE") is { } v && v.Equals("text", StringComparison.OrdinalIgnoreCase);

    private static VCardVersion ParseVersion(string value) => value.Trim() switch
    {
        "2.1" => VCardVersion.V21,
        "4.0" => VCardVersion.V40,
        _ => VCardVersion.V30,
    };

    // Each component is unescaped straight from the value, and an empty one (most of N's and ADR's) costs no string at all.
    private List<string?> Components(ContentLine line)
    {
        Span<char> buffer = stackalloc char[256];
        var value = line.Chars(buffer);
        // N, ORG and the ADRs are each used up before the next is read: one list serves them all.
        var result = _components;
        result.Clear();
        foreach (var part in new UnescapedParts(value, ';', ';')) result.Add(Component(value[part]));
        return result;
    }

    private void SplitCategories(ReadOnlySpan<char> value, bool semicolonsToo)
    {
        foreach (var part in new UnescapedParts(value, ',', semicolonsToo ? ';' : ',')) AddCategory(value[part]);
    }

    private void AddCategory(ReadOnlySpan<char> escaped)
    {
        if (escaped.IsEmpty) return;
        var category = Lines(TextValue.Unescape(escaped, _strings)).Trim();
        if (category.Length > 0) _categories.Add(category);
    }

    private string? Component(ReadOnlySpan<char> escaped) => escaped.IsEmpty ? null : EmptyToNull(Lines(TextValue.Unescape(escaped, _strings)));

    private static string? At(List<string?> parts, int index) => index < parts.Count ? parts[index] : null;

    // Names, companies, titles, cities… repeat from card to card: shared strings. A UID, an address or a number
    // does not, and is not looked up.
    private string? Text(ContentLine line) => EmptyToNull(Lines(line.UnescapedText(_strings)));

    private static string? UniqueText(ContentLine line) => EmptyToNull(Lines(line.UnescapedText()));

    // The shared empty list when there is nothing (most cards have no IM address), and one copy otherwise.
    private static ValueList<T> Values<T>(List<T> list) => list.Count == 0 ? ValueList<T>.Empty : list.ToValueList();

    private static string? EmptyToNull(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static string Lines(string s) => s.Contains('\r', StringComparison.Ordinal) ? s.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n') : s;
}
