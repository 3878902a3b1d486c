using System.Text.Json;
using System.Text.Json.Nodes;
using Tandem.Core.Items;

namespace Tandem.Core.Sync;

/// <summary>
/// Field-level three-way merge over the items' JSON form (ItemJson), property by property, so every field of
/// every kind merges without code per field: a property only one side changed takes that side's value; a
/// property both changed differently goes to the newer side.
/// </summary>
public static class JsonMerge
{
    /// <param name="oursIsNewer">Decides properties both sides changed.</param>
    public static CanonicalItem Merge(CanonicalItem baseItem, CanonicalItem ours, CanonicalItem theirs, bool oursIsNewer)
    {
        if (ours.GetType() != theirs.GetType()) return oursIsNewer ? ours : theirs;
        var baseNode = ToObject(baseItem);
        var oursNode = ToObject(ours);
        var theirsNode = ToObject(theirs);
        var merged = new JsonObject();
        var names = oursNode.Select(p => p.Key).Union(theirsNode.Select(p => p.Key)).Union(baseNode.Select(p => p.Key)).ToList();
        foreach (var name in names)
        {
            var b = baseNode[name];
            var o = oursNode[name];
            var t = theirsNode[name];
            JsonNode? pick;
            if (JsonNode.DeepEquals(o, t)) pick = o;
            else if (JsonNode.DeepEquals(o, b)) pick = t;
            else if (JsonNode.DeepEquals(t, b)) pick = o;
            else pick = oursIsNewer ? o : t;
            if (pick is not null) merged[name] = pick.DeepClone();
        }
        // the type discriminator must lead for the polymorphic reader
        var ordered = new JsonObject();
        if (merged.TryGetPropertyValue("$kind", out var kind)) ordered["$kind"] = kind?.DeepClone();
        foreach (var (key, value) in merged)
        {
            if (key != "$kind") ordered[key] = value?.DeepClone();
        }
        return ordered.Deserialize<CanonicalItem>(ItemJson.Options) ?? (oursIsNewer ? ours : theirs);
    }

    internal static JsonObject ToObject(CanonicalItem item) =>
        JsonNode.Parse(ItemJson.SerializeToUtf8(item))!.AsObject();
}
