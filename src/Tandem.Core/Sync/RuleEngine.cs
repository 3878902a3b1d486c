using System.Text.Json;
using System.Text.Json.Nodes;
using Tandem.Core.Items;

namespace Tandem.Core.Sync;

/// <summary>
/// Evaluates a group's <see cref="SyncRules"/> on items: whether an item may enter the group, and how it is
/// changed on its way into receiving members. Fields are read from the item's JSON form.
/// </summary>
public sealed class RuleEngine
{
    private static readonly string[] BodyFields = ["Body", "HtmlBody", "Notes"];
    private readonly SyncRules _rules;

    public RuleEngine(SyncRules rules) => _rules = rules;

    public bool HasModifications => _rules.HasModifications;

    public bool HasFilter => _rules.HasFilter;

    /// <summary>Whether an item passes the field, category and private-flag conditions (not the date window).</summary>
    public bool PassesContent(CanonicalItem item)
    {
        var filter = _rules.Filter;
        if (filter is null) return true;
        if (filter.ExcludePrivate && IsPrivate(item)) return false;
        if (filter.IncludeCategories.Count > 0 &&
            !item.Categories.Any(c => filter.IncludeCategories.Contains(c.Trim(), StringComparer.OrdinalIgnoreCase))) return false;
        if (filter.ExcludeCategories.Count > 0 &&
            item.Categories.Any(c => filter.ExcludeCategories.Contains(c.Trim(), StringComparer.OrdinalIgnoreCase))) return false;
        if (filter.Conditions.Count == 0) return true;
        var json = JsonMerge.ToObject(item);
        return filter.Match == FilterMatch.All
            ? filter.Conditions.All(c => Holds(json, c))
            : filter.Conditions.Any(c => Holds(json, c));
    }

    /// <summary>
    /// Whether an item lies in the date window around <paramref name="now"/>. Recurring items without an end are
    /// always in it. Only checked when an item enters the group: an item that later moves out is never deleted.
    /// </summary>
    public bool InWindow(CanonicalItem item, DateTimeOffset now)
    {
        var window = _rules.Filter?.Window;
        if (window is null) return true;
        DateTimeOffset? start, end;
        switch (item)
        {
            case Event e:
                start = e.Start.ToInstant();
                end = e.End?.ToInstant() ?? start;
                // a series is judged by its last occurrence; one ended by a count counts as open (its end is not computed here)
                if (e.Recurrence is { } rule) end = rule.Until?.ToInstant() ?? DateTimeOffset.MaxValue;
                break;
            case TaskItem t:
                start = t.Start?.ToInstant() ?? t.Due?.ToInstant();
                end = t.Due?.ToInstant() ?? start;
                if (start is null) return true;
                break;
            case Message m:
                // a message is judged by its Date header; one without a date is kept rather than guessed away
                start = end = m.Date;
                if (start is null) return true;
                break;
            default:
                return true;
        }
        if (window.PastDays is { } past && end < now.AddDays(-past)) return false;
        if (window.FutureDays is { } future && start > now.AddDays(future)) return false;
        return true;
    }

    public bool Passes(CanonicalItem item, DateTimeOffset now) => PassesContent(item) && InWindow(item, now);

    /// <summary>The item as receiving members get it.</summary>
    public CanonicalItem Modify(CanonicalItem item)
    {
        if (_rules.Modify.Count == 0) return item;
        var json = JsonMerge.ToObject(item);
        foreach (var m in _rules.Modify)
        {
            switch (m.Action)
            {
                case ModifyAction.AddCategory:
                    var categories = json["Categories"] as JsonArray ?? [];
                    if (!categories.Any(c => string.Equals(c?.GetValue<string>(), m.Value, StringComparison.OrdinalIgnoreCase)))
                        categories.Add(m.Value);
                    json["Categories"] = categories.DeepClone();
                    break;
                case ModifyAction.SetCategory:
                    json["Categories"] = new JsonArray(m.Value);
                    break;
                case ModifyAction.ClearBody:
                    foreach (var field in BodyFields) json.Remove(field);
                    break;
                case ModifyAction.Set:
                    json[m.Field!] = Literal(m.Value);
                    break;
            }
        }
        try
        {
            return json.Deserialize<CanonicalItem>(ItemJson.Options) ?? item;
        }
        catch (JsonException)
        {
            // a "set" whose value does not fit the field's type: leave the item as it was rather than fail the group
            return item;
        }
    }

    private static JsonNode? Literal(string? value)
    {
        if (value is null) return null;
        if (value is "true" or "false" || double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
            return JsonNode.Parse(value);
        return JsonValue.Create(value);
    }

    private static bool IsPrivate(CanonicalItem item) => item switch
    {
        Contact c => c.IsPrivate,
        Event e => e.IsPrivate,
        TaskItem t => t.IsPrivate,
        _ => false,
    };

    private static bool Holds(JsonObject json, FieldCondition condition)
    {
        var text = Text(json[condition.Field]);
        var value = condition.Value ?? "";
        return condition.Op switch
        {
            ConditionOp.Equals => string.Equals(text, value, StringComparison.OrdinalIgnoreCase),
            ConditionOp.NotEquals => !string.Equals(text, value, StringComparison.OrdinalIgnoreCase),
            ConditionOp.Contains => text?.Contains(value, StringComparison.OrdinalIgnoreCase) == true,
            ConditionOp.StartsWith => text?.StartsWith(value, StringComparison.OrdinalIgnoreCase) == true,
            ConditionOp.Empty => string.IsNullOrEmpty(text),
            ConditionOp.NotEmpty => !string.IsNullOrEmpty(text),
            _ => false,
        };
    }

    /// <summary>A field as text: strings as they are, arrays joined by newlines (so "contains" searches all entries), others as JSON.</summary>
    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonArray a => a.Count == 0 ? null : string.Join('\n', a.Select(Text)),
        _ => node.ToJsonString(),
    };
}
