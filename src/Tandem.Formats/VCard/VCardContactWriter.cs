using System.Text;
using Tandem.Core.Items;
using Tandem.Formats.ContentLines;

namespace Tandem.Formats.VCard;

/// <summary>
/// Writes one contact as a vCard of the requested version. Every field the model holds is written in a form
/// that <see cref="VCardContactReader"/> maps back to the same field; fields vCard has no property for use the
/// X- properties other clients already know (Outlook's X-MS-*, Evolution's, Apple's phonetic names).
/// </summary>
internal sealed class VCardContactWriter
{
    private readonly ContentLineWriter _out;
    private readonly VCardVersion _version;

    private VCardContactWriter(StringBuilder sb, VCardVersion version)
    {
        _out = new ContentLineWriter(sb);
        _version = version;
    }

    public static void Write(StringBuilder sb, Contact contact, VCardVersion version) => new VCardContactWriter(sb, version).Write(contact);

    private void Write(Contact c)
    {
        _out.Write("BEGIN", null, "VCARD");
        _out.Write("VERSION", null, _version switch { VCardVersion.V21 => "2.1", VCardVersion.V40 => "4.0", _ => "3.0" });
        if (_version == VCardVersion.V40) _out.Write("KIND", null, "individual");
        if (c.Uid is not null) Text("UID", c.Uid);

        // N is required by 2.1 and 3.0; FN by 3.0 and 4.0. An absent display name is written empty rather than
        // invented, so that reading the card back does not add a field.
        // A second N kept among the extras must not become the first one when the card is read back.
        Structured("N", [c.Surname, c.GivenName, c.MiddleName, c.NamePrefix, c.NameSuffix],
            force: _version != VCardVersion.V40 || c.Extras.Any(e => e.Name == "N"));
        Text("FN", c.DisplayName ?? "", force: true);
        Text("NICKNAME", c.Nickname);
        Text("X-EVOLUTION-FILE-AS", c.FileAs);
        Text("X-PHONETIC-FIRST-NAME", c.YomiGivenName);
        Text("X-PHONETIC-LAST-NAME", c.YomiSurname);
        Text("X-PHONETIC-ORG", c.YomiCompanyName);
        if (c.CompanyName is not null || c.Department is not null)
            Structured("ORG", VCardKept.OrganizationParts(c.Extras, c.CompanyName, c.Department) ?? [c.CompanyName, c.Department]);
        Text("TITLE", c.JobTitle);
        Text("ROLE", c.Profession);
        Text("X-TANDEM-OFFICE", c.OfficeLocation);

        for (var i = 0; i < c.Emails.Count; i++) Email(c.Emails[i], i == 0);
        foreach (var phone in c.Phones) PhoneLine(phone);
        foreach (var address in c.Addresses) Address(address, c.MailingAddress == address.Kind, VCardKept.AddressParts(c.Extras, address));

        if (c.Birthday is { } birthday) Date("BDAY", birthday);
        if (c.Anniversary is { } anniversary)
        {
            Date(_version switch { VCardVersion.V40 => "ANNIVERSARY", VCardVersion.V21 => "X-MS-ANNIVERSARY", _ => "X-ANNIVERSARY" }, anniversary);
        }
        Text("X-MS-MANAGER", c.Manager);
        Text("X-MS-ASSISTANT", c.AssistantName);
        if (_version == VCardVersion.V40 && c.SpouseName is not null)
        {
            Text("RELATED", c.SpouseName, parameters: [new ContentParameter("TYPE", "spouse"), new ContentParameter("VALUE", "text")]);
        }
        else
        {
            Text("X-MS-SPOUSE", c.SpouseName);
        }
        Text("URL", c.WebPage);
        foreach (var im in c.ImAddresses)
        {
            Text(_version != VCardVersion.V21 && VCardImAddresses.HasScheme(im) ? "IMPP" : "X-MS-IMADDRESS", im);
        }
        Text("NOTE", c.Notes);
        if (!c.Categories.IsEmpty)
        {
            _out.Write("CATEGORIES", Charset(string.Concat(c.Categories)), Encode(string.Join(',', c.Categories.Select(EscapeListItem))));
        }
        if (c.IsPrivate) _out.Write(_version == VCardVersion.V40 ? "X-CLASS" : "CLASS", null, "PRIVATE");
        if (c.Photo is { IsWithheld: false }) Photo(c.Photo);
        foreach (var extra in c.Extras)
        {
            if (!VCardKept.IsKept(extra) && !VCardSingulars.IsOrphaned(c, extra)) Extra(extra);
        }
        _out.Write("END", null, "VCARD");
    }

    private void Email(EmailAddress email, bool first)
    {
        var parameters = new List<ContentParameter>();
        switch (_version)
        {
            case VCardVersion.V21:
                parameters.Add(new ContentParameter("TYPE", "INTERNET") { IsBare = true });
                if (first) parameters.Add(new ContentParameter("TYPE", "PREF") { IsBare = true });
                break;
            case VCardVersion.V30:
                parameters.Add(new ContentParameter("TYPE", first ? ["INTERNET", "PREF"] : ["INTERNET"]));
                break;
            default:
                if (first) parameters.Add(new ContentParameter("PREF", "1"));
                break;
        }
        if (email.DisplayName is not null) parameters.Add(new ContentParameter("X-CN", email.DisplayName));
        Text("EMAIL", email.Address, force: true, parameters: parameters);
    }

    private void PhoneLine(Phone phone)
    {
        var types = VCardPhoneKinds.TypesFor(phone.Kind, _version);
        var parameters = TypeParameters(types);
        if (_version == VCardVersion.V40 && phone.Kind == PhoneKind.Primary) parameters.Add(new ContentParameter("PREF", "1"));
        Text("TEL", phone.Number, force: true, parameters: parameters);
    }

    private void Address(PostalAddress a, bool mailing, string?[]? kept)
    {
        var types = new List<string> { a.Kind switch { AddressKind.Business => "WORK", AddressKind.Home => "HOME", _ => "OTHER" } };
        if (_version != VCardVersion.V40)
        {
            types.Add("POSTAL");
            if (mailing) types.Add("PREF");
        }
        var parameters = TypeParameters(types);
        if (_version == VCardVersion.V40 && mailing) parameters.Add(new ContentParameter("PREF", "1"));
        Structured("ADR", kept ?? [a.PostOfficeBox, null, a.Street, a.City, a.State, a.PostalCode, a.Country], parameters: parameters, force: true);
    }

    private void Date(string name, DateOnly date)
    {
        List<ContentParameter>? parameters = null;
        if (date.Year == VCardDates.NoYear && _version != VCardVersion.V40)
        {
            parameters = [new ContentParameter("X-APPLE-OMIT-YEAR", VCardDates.NoYear.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        }
        _out.Write(name, parameters, VCardDates.Format(date, _version));
    }

    private void Photo(Photo photo)
    {
        switch (_version)
        {
            case VCardVersion.V40:
                _out.Write("PHOTO", null, $"data:{photo.MediaType};base64,{photo.Data}");
                break;
            case VCardVersion.V21:
                _out.Write("PHOTO", [new ContentParameter("ENCODING", "BASE64"), new ContentParameter("TYPE", VCardPhotos.TypeFor(photo))], photo.Data);
                break;
            default:
                _out.Write("PHOTO", [new ContentParameter("ENCODING", "b"), new ContentParameter("TYPE", VCardPhotos.TypeFor(photo))], photo.Data);
                break;
        }
    }

    private void Extra(ExtraProperty extra)
    {
        var line = extra.Line;
        if (line.Contains("QUOTED-PRINTABLE", StringComparison.OrdinalIgnoreCase))
        {
            var parsed = ContentLineReader.Read(line);
            if (parsed.Count == 1 && parsed[0].WasQuotedPrintable)
            {
                var p = parsed[0];
                // BEGIN/END kept as extras must stay as odd as they were: decoded, they could become card markers.
                if (_version == VCardVersion.V21 || p.Name is "BEGIN" or "END")
                {
                    // Written with soft line breaks: a plain fold could leave "=" at a line end and read as one.
                    _out.Write(p.Name, p.Parameters, p.EncodedValue!, p.Group);
                }
                else
                {
                    // Quoted-printable exists only in 2.1: carry the decoded value over in the target version's escaping.
                    var kept = p.Parameters.Where(x => x.Name is not ("ENCODING" or "CHARSET")).ToList();
                    _out.Write(p.Name, kept, EscapeNewlines(p.RawValue), p.Group);
                }
                return;
            }
        }
        _out.WriteUnfolded(line);
    }

    private void Text(string name, string? value, bool force = false, List<ContentParameter>? parameters = null)
    {
        if (value is null && !force) return;
        value ??= "";
        var all = Charset(value, parameters);
        _out.Write(name, all, Encode(Escape(value)));
    }

    private void Structured(string name, string?[] components, bool force = false, List<ContentParameter>? parameters = null)
    {
        if (!force && components.All(c => c is null)) return;
        var raw = string.Concat(components);
        var joined = string.Join(';', components.Select(c => Escape(c ?? "")));
        _out.Write(name, Charset(raw, parameters), Encode(joined));
    }

    private List<ContentParameter> TypeParameters(IEnumerable<string> types) => _version switch
    {
        VCardVersion.V21 => types.Select(t => new ContentParameter("TYPE", t) { IsBare = true }).ToList(),
        VCardVersion.V40 => [new ContentParameter("TYPE", types.Select(t => t.ToLowerInvariant()).ToArray())],
        _ => [new ContentParameter("TYPE", types.ToArray())],
    };

    /// <summary>vCard 2.1 has no escape for line breaks or a declared charset by default: such values go quoted-printable in UTF-8.</summary>
    private List<ContentParameter>? Charset(string raw, List<ContentParameter>? parameters = null)
    {
        if (!NeedsQuotedPrintable(raw)) return parameters;
        var all = parameters is null ? new List<ContentParameter>() : new List<ContentParameter>(parameters);
        all.Add(new ContentParameter("CHARSET", "UTF-8"));
        all.Add(new ContentParameter("ENCODING", "QUOTED-PRINTABLE"));
        return all;
    }

    private bool NeedsQuotedPrintable(string raw) => _version == VCardVersion.V21 && raw.Any(ch => ch is < ' ' or > '~');

    private string Encode(string escaped) =>
        NeedsQuotedPrintable(escaped) ? QuotedPrintable.Encode(Encoding.UTF8.GetBytes(CrLf(escaped))) : escaped;

    /// <summary>2.1 escapes only what splits its values (backslash and semicolon); line breaks travel in quoted-printable.</summary>
    private string Escape(string value)
    {
        if (_version != VCardVersion.V21) return TextValue.Escape(value);
        return value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal);
    }

    private string EscapeListItem(string item) => _version == VCardVersion.V21 ? Escape(item).Replace(",", "\\,", StringComparison.Ordinal) : TextValue.Escape(item);

    private static string CrLf(string s) => s.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Replace("\n", "\r\n", StringComparison.Ordinal);

    private static string EscapeNewlines(string s) => CrLf(s).Replace("\r\n", "\\n", StringComparison.Ordinal);
}
