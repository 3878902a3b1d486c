using Tandem.Core.Items;
using Tandem.Formats.ContentLines;

namespace Tandem.Formats.VCard;

/// <summary>
/// TEL types ↔ Outlook's phone slots. vCard has types for the common slots only; the rest use Evolution's
/// X-EVOLUTION-* types, which Evolution shows and other clients ignore gracefully, and Apple's labels are read.
/// </summary>
internal static class VCardPhoneKinds
{
    /// <summary>The slot a TEL line fills, before slot collisions are resolved (Business may become Business2).</summary>
    public static PhoneKind Classify(ContentLine tel, string? appleLabel)
    {
        if (appleLabel is not null && FromLabel(appleLabel) is { } labelled) return labelled;

        bool Has(string type) => tel.HasParamValue("TYPE", type);
        if (Has("X-BUSINESS2")) return PhoneKind.Business2;
        if (Has("X-HOME2")) return PhoneKind.Home2;
        if (Has("X-EVOLUTION-ASSISTANT") || Has("X-ASSISTANT") || Has("ASSISTANT")) return PhoneKind.Assistant;
        if (Has("X-EVOLUTION-CALLBACK") || Has("X-CALLBACK") || Has("CALLBACK")) return PhoneKind.Callback;
        if (Has("X-EVOLUTION-COMPANY") || Has("X-COMPANY") || Has("COMPANY")) return PhoneKind.Company;
        if (Has("X-EVOLUTION-RADIO") || Has("X-RADIO") || Has("RADIO")) return PhoneKind.Radio;
        if (Has("X-EVOLUTION-TELEX") || Has("X-TELEX") || Has("TELEX") || Has("TLX")) return PhoneKind.Telex;
        if (Has("X-EVOLUTION-TTYTDD") || Has("TEXTPHONE") || Has("X-TTYTDD") || Has("TTY")) return PhoneKind.TtyTdd;
        if (Has("FAX")) return Has("WORK") ? PhoneKind.BusinessFax : Has("HOME") ? PhoneKind.HomeFax : PhoneKind.OtherFax;
        if (Has("CELL") || Has("MOBILE") || Has("IPHONE")) return PhoneKind.Mobile;
        if (Has("PAGER")) return PhoneKind.Pager;
        if (Has("CAR") || Has("X-CAR")) return PhoneKind.Car;
        if (Has("ISDN") || Has("X-ISDN")) return PhoneKind.Isdn;
        if (Has("WORK")) return PhoneKind.Business;
        if (Has("HOME")) return PhoneKind.Home;
        if (Has("MAIN") || Has("X-PRIMARY") || Has("PREF") || tel.Param("PREF") is not null) return PhoneKind.Primary;
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
