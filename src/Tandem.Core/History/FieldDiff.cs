using System.Text.Json.Nodes;
using Tandem.Core.Items;
using Tandem.Core.Sync;

namespace Tandem.Core.History;

/// <summary>
/// The fields two versions of an item differ in, over the items' one JSON form (the same one <see cref="JsonMerge"/>
/// merges), so every field of every kind is covered without code per field. Long values are shortened for display.
/// </summary>
public static class FieldDiff
{
    private const int MaxValueLength = 200;

    public static IReadOnlyList<FieldChange> Compare(CanonicalItem before, CanonicalItem after)
    {
        var old = JsonMerge.ToObject(before);
        var now = JsonMerge.ToObject(after);
        var changes = new List<FieldChange>();
        foreach (var name in old.Select(p => p.Key).Union(now.Select(p => p.Key)))
        {
            if (name is "$kind" or "Title") continue; // the discriminator, and the title derived from the fields listed
            var o = old[name];
            var n = now[name];
            if (JsonNode.DeepEquals(o, n)) continue;
            changes.Add(new FieldChange(name, Show(o), Show(n)));
        }
        return changes;
    }

    private static string? Show(JsonNode? node)
    {
        if (node is null) return null;
        var text = node is JsonValue value && value.TryGetValue<string>(out var s) ? s : node.ToJsonString();
        return text.Length <= MaxValueLength ? text : string.Concat(text.AsSpan(0, MaxValueLength), "…");
    }
}
