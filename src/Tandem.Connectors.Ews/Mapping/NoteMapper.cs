using System.Globalization;
using System.Xml.Linq;
using Tandem.Connectors.Ews.Protocol;
using Tandem.Core.Items;

namespace Tandem.Connectors.Ews.Mapping;

/// <summary>
/// Note ↔ an IPM.StickyNote item. EWS has no note type: notes are written and returned as t:Message
/// with that item class; the color is PidLidNoteColor (0 blue, 1 green, 2 pink, 3 yellow, 4 white).
/// </summary>
internal static class NoteMapper
{
    public const string ItemClass = "IPM.StickyNote";

    public static IEnumerable<ItemField> ToFields(Note n)
    {
        yield return ItemField.Uri("item:ItemClass", "ItemClass", ItemClass);
        yield return ItemField.Uri("item:Subject", "Subject", n.Subject);
        yield return ItemField.Uri("item:Body", EwsValues.TextBody(n.Body));
        yield return ItemField.Uri("item:Categories", EwsValues.Categories(n.Categories));
        yield return ItemField.Extended(Props.NoteColor, ColorValue(n.Color).ToString(CultureInfo.InvariantCulture));
    }

    public static Note FromXml(XElement x)
    {
        var colorText = Props.NoteColor.ReadFrom(x);
        var color = int.TryParse(colorText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) ? Color(c) : NoteColor.Yellow;
        return new Note
        {
            Subject = x.Text("Subject"),
            Body = EwsValues.ReadBody(x, out _),
            Categories = EwsValues.ReadCategories(x),
            Color = color,
        };
    }

    private static int ColorValue(NoteColor color) => color switch
    {
        NoteColor.Blue => 0,
        NoteColor.Green => 1,
        NoteColor.Pink => 2,
        NoteColor.White => 4,
        _ => 3,
    };

    private static NoteColor Color(int value) => value switch
    {
        0 => NoteColor.Blue,
        1 => NoteColor.Green,
        2 => NoteColor.Pink,
        4 => NoteColor.White,
        _ => NoteColor.Yellow,
    };
}
