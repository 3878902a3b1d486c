using Tandem.Core.Items;
using Tandem.Formats.ContentLines;

namespace Tandem.Formats.VCard;

/// <summary>
/// TEL types ↔ Outlook's phone slots. vCard has types for the common slots only; the rest use Evolution's
/// X-EVOLUTION-* types, which Evolution shows and other clients ignore gracefully, and Apple's labels are read.
/// </summary>
internal static class VCardPhoneKinds
{
    [Flags]
    private enum T
    {
        None = 0, Business2 = 1, Home2 = 1 << 1, Assistant = 1 << 2, Callback = 1 << 3, Company = 1 << 4, Radio = 1 << 5,
        Telex = 1 << 6, TtyTdd = 1 << 7, Fax = 1 << 8, Cell = 1 << 9, Pager = 1 << 10, Car = 1 << 11, Isdn = 1 << 12,
        Work = 1 << 13, Home = 1 << 14, Primary = 1 << 15,
    }

    // One lookup per TYPE value instead of a scan of all parameters per candidate type: TEL is the most frequent line.
    private static readonly Dictionary<string, T> TypeFlags = new(StringComparer.OrdinalIgnoreCase)
    {
        ["X-BUSINESS2"] = T.Business2, ["X-HOME2"] = T.Home2,
        ["X-EVOLUTION-ASSISTANT"] = T.Assistant, ["X-ASSISTANT"] = T.Assistant, ["ASSISTANT"] = T.Assistant,
        ["X-EVOLUTION-CALLBACK"] = T.Callback, ["X-CALLBACK"] = T.Callback, ["CALLBACK"] = T.Callback,
        ["X-EVOLUTION-COMPANY"] = T.Company, ["X-COMPANY"] = T.Company, ["COMPANY"] = T.Company,
        ["X-EVOLUTION-RADIO"] = T.Radio, ["X-RADIO"] = T.Radio, ["RADIO"] = T.Radio,
        ["X-EVOLUTION-TELEX"] = T.Telex, ["X-TELEX"] = T.Telex, ["TELEX"] = T.Telex, ["TLX"] = T.Telex,
        ["X-EVOLUTION-TTYTDD"] = T.TtyTdd, ["TEXTPHONE"] = T.TtyTdd, ["X-TTYTDD"] = T.TtyTdd, ["TTY"] = T.TtyTdd,
        ["FAX"] = T.Fax, ["CELL"] = T.Cell, ["MOBILE"] = T.Cell, ["IPHONE"] = T.Cell, ["PAGER"] = T.Pager,
        ["CAR"] = T.Car, ["X-CAR"] = T.Car, ["ISDN"] = T.Isdn, ["X-ISDN"] = T.Isdn, ["WORK"] = T.Work, ["HOME"] = T.Home,
        ["MAIN"] = T.Primary, ["X-PRIMARY"] = T.Primary, ["PREF"] = T.Primary,
    };

    /// <summary>The slot a TEL line fills, before slot collisions are resolved (Business may become Business2).</summary>
    public static PhoneKind Classify(ContentLine tel, string? appleLabel)
    {
        if (appleLabel is not null && FromLabel(appleLabel) is { } labelled) return labelled;

        var t = T.None;
        var parameters = tel.Parameters;
        for (var i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            if (p.Name == "PREF") t |= T.Primary;
            if (p.Name != "TYPE") continue;
            var values = p.Values;
            for (var j = 0; j < values.Count; j++)
            {
                var v = values[j];
                if (TypeFlags.TryGetValue(v, out var flag)) t |= flag;
                else if (v.Contains(',', StringComparison.Ordinal))
                {
                    foreach (var part in v.Split(',', StringSplitOptions.TrimEntries))
                    {
                        if (TypeFlags.TryGetValue(part, out var f)) t |= f;
                    }
                }
            }
        }

        bool Has(T flag) => (t & flag) != 0;
        if (Has(T.Business2)) return PhoneKind.Business2;
        if (Has(T.Home2)) return PhoneKind.Home2;
        if (Has(T.Assistant)) return PhoneKind.Assistant;
        if (Has(T.Callback)) return PhoneKind.Callback;
        if (Has(T.Company)) return PhoneKind.Company;
        if (Has(T.Radio)) return PhoneKind.Radio;
        if (Has(T.Telex)) return PhoneKind.Telex;
        if (Has(T.TtyTdd)) return PhoneKind.TtyTdd;
        if (Has(T.Fax)) return Has(T.Work) ? PhoneKind.BusinessFax : Has(T.Home) ? PhoneKind.HomeFax : PhoneKind.OtherFax;
        if (Has(T.Cell)) return PhoneKind.Mobile;
        if (Has(T.Pager)) return PhoneKind.Pager;
        if (Has(T.Car)) return PhoneKind.Car;
        if (Has(T.Isdn)) return PhoneKind.Isdn;
        if (Has(T.Work)) return PhoneKind.Business;
        if (Has(T.Home)) return PhoneKind.Home;
        if (Has(T.Primary)) return PhoneKind.Primary;
        return PhoneKind.Other;
    }

    /// <summary>The TYPE values written for a slot (before case and version adjustments).</summary>
    public static string[] TypesFor(PhoneKind kind, VCardVersion version) => kind switch
    {
        PhoneKind.Business => ["WORK", "VOICE"],
        PhoneKind.Business2 => ["WORK", "VOICE", "X-BUSINESS2"],
        PhoneKind.BusinessFax => ["WORK", "FAX"],
        PhoneKind.Home => ["HOME", "VOICE"],
        PhoneKind.Home2 => ["HOME", "VOICE", "X-HOME2"],
        PhoneKind.HomeFax => ["HOME", "FAX"],
        PhoneKind.Mobile => ["CELL", "VOICE"],
        PhoneKind.Pager => ["PAGER"],
        PhoneKind.Car => [version == VCardVersion.V40 ? "X-CAR" : "CAR", "VOICE"],
        PhoneKind.Isdn => [version == VCardVersion.V40 ? "X-ISDN" : "ISDN"],
        PhoneKind.Callback => ["X-EVOLUTION-CALLBACK", "VOICE"],
        PhoneKind.Company => ["X-EVOLUTION-COMPANY", "VOICE"],
        PhoneKind.OtherFax => ["FAX"],
        // vCard 4.0 says "preferred" with the PREF parameter, not a type.
        PhoneKind.Primary => version == VCardVersion.V40 ? ["VOICE"] : ["PREF", "VOICE"],
        PhoneKind.Radio => ["X-EVOLUTION-RADIO"],
        PhoneKind.Telex => ["X-EVOLUTION-TELEX"],
        PhoneKind.TtyTdd => [version == VCardVersion.V40 ? "TEXTPHONE" : "X-EVOLUTION-TTYTDD"],
        PhoneKind.Assistant => ["X-EVOLUTION-ASSISTANT"],
        _ => ["VOICE"],
    };

    private static PhoneKind? FromLabel(string label) => AppleLabels.Normalize(label) switch
    {
        "mobile" or "cell" or "iphone" => PhoneKind.Mobile,
        "main" or "primary" => PhoneKind.Primary,
        "homefax" or "home fax" => PhoneKind.HomeFax,
        "workfax" or "work fax" or "business fax" => PhoneKind.BusinessFax,
        "otherfax" or "other fax" or "fax" => PhoneKind.OtherFax,
        "pager" => PhoneKind.Pager,
        "assistant" => PhoneKind.Assistant,
        "car" => PhoneKind.Car,
        "callback" => PhoneKind.Callback,
        "radio" => PhoneKind.Radio,
        "telex" => PhoneKind.Telex,
        "isdn" => PhoneKind.Isdn,
        "company" or "company main" => PhoneKind.Company,
        "tty" or "ttytdd" or "tty/tdd" => PhoneKind.TtyTdd,
        "home" => PhoneKind.Home,
        "work" or "business" => PhoneKind.Business,
        "other" => PhoneKind.Other,
        _ => null,
    };
}
