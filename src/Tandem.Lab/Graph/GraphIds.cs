namespace Tandem.Lab.Graph;

/// <summary>
/// Graph ids are Exchange's ids in URL-safe base64 ('-' and '_' for '+' and '/'): the same item has one identity over
/// EWS and Graph, as in Exchange Online. The lab's ids never change unless an item moves, so they are immutable ids.
/// </summary>
internal static class GraphIds
{
    public static string FromStore(string id) => id.Replace('+', '-').Replace('/', '_');

    public static string ToStore(string id) => Uri.UnescapeDataString(id).Replace('-', '+').Replace('_', '/');
}
