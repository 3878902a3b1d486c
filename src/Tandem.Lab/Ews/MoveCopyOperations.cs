using System.Xml.Linq;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Ews;

/// <summary>MoveItem and CopyItem. As on Exchange, a moved item gets a new ItemId (the source folder sees a delete).</summary>
internal static class MoveCopyOperations
{
    public static IEnumerable<XElement> MoveItem(EwsCall call) => Transfer(call, "MoveItem", move: true);

    public static IEnumerable<XElement> CopyItem(EwsCall call) => Transfer(call, "CopyItem", move: false);

    private static List<XElement> Transfer(EwsCall call, string operation, bool move)
    {
        LabFolder? target = null;
        EwsException? targetError = null;
        try
        {
            target = call.ResolveFolder(call.Child("ToFolderId")!.Elements().First());
        }
        catch (EwsException ex)
        {
            targetError = ex;
        }

        var results = new List<XElement>();
        foreach (var id in call.Child("ItemIds")!.Elements())
        {
            try
            {
                if (targetError is not null)
                {
                    throw targetError;
                }

                var item = call.ResolveItem(id);
                var result = move
                    ? call.Store.MoveItem(item, target!)
                    : call.Store.AddItem(target!, item.ElementName, item.Props.Values.Select(p => new XElement(p)), item.Extended.Select(x => (x.Key, new XElement(x.Value))));
                results.Add(SoapWriter.Success(operation, new XElement(Ns.M + "Items", ItemRenderer.IdOnly(result))));
            }
            catch (EwsException ex)
            {
                results.Add(SoapWriter.Error(operation, ex, new XElement(Ns.M + "Items")));
            }
        }

        return results;
    }
}
