using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tandem.Core.Sync;

/// <summary>
/// A group's filter and modification rules, stored as JSON in <c>GroupDefinition.RulesJson</c>:
/// <code>
/// {
///   "filter": {
///     "match": "all",                                   // or "any": how the conditions combine
///     "conditions": [ { "field": "CompanyName", "op": "equals", "value": "Contoso" } ],
///     "includeCategories": ["Company"],                 // item must carry one of these (when given)
///     "excludeCategories": ["Personal"],
///     "excludePrivate": true,
///     "window": { "pastDays": 30, "futureDays": 365 }   // calendars and tasks
///   },
///   "modify": [ { "action": "addCategory", "value": "From HQ" }, { "action": "clearBody" },
///               { "action": "setCategory", "value": "Synced" }, { "action": "set", "field": "CompanyName", "value": "Contoso" } ]
/// }
/// </code>
/// Fields are the property names of the item's JSON form (ItemJson), so every field of every kind works
/// without code per field. Ops: equals, notEquals, contains, startsWith, empty, notEmpty.
/// </summary>
public sealed record SyncRules
{
    public FilterRules? Filter { get; init; }

    public IReadOnlyList<Modification> Modify { get; init; } = [];

    public bool HasFilter => Filter is not null;

    public bool HasModifications => Modify.Count > 0;

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static readonly SyncRules None = new();

    /// <summary>Parses and validates; throws <see cref="FormatException"/> with a one-line message.</summary>
    public static SyncRules Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return None;
        SyncRules? rules;
        try
        {
            rules = JsonSerializer.Deserialize<SyncRules>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new FormatException($"rules are not valid: {e.Message}", e);
        }
        if (rules is null) return None;
        rules.Validate();
        return rules;
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    private void Validate()
    {
        foreach (var condition in Filter?.Conditions ?? [])
        {
            if (string.IsNullOrWhiteSpace(condition.Field)) throw new FormatException("rules: a filter condition has no field");
            if (condition.Op is ConditionOp.Equals or ConditionOp.NotEquals or ConditionOp.Contains or ConditionOp.StartsWith && condition.Value is null)
                throw new FormatException($"rules: condition on '{condition.Field}' with op '{condition.Op}' needs a value");
        }
        foreach (var m in Modify)
        {
            if (m.Action is ModifyAction.AddCategory or ModifyAction.SetCategory && string.IsNullOrWhiteSpace(m.Value))
                throw new FormatException($"rules: modification '{m.Action}' needs a value");
            if (m.Action == ModifyAction.Set && string.IsNullOrWhiteSpace(m.Field))
                throw new FormatException("rules: modification 'set' needs a field");
        }
        if (Filter?.Window is { } w && (w.PastDays < 0 || w.FutureDays < 0))
            throw new FormatException("rules: window days must not be negative");
    }
}

public enum FilterMatch { All, Any }

public enum ConditionOp { Equals, NotEquals, Contains, StartsWith, Empty, NotEmpty }

public sealed record FieldCondition(string Field, ConditionOp Op, string? Value = null);

public sealed record DateWindow(int? PastDays = null, int? FutureDays = null);

public sealed record FilterRules
{
    public FilterMatch Match { get; init; } = FilterMatch.All;
    public IReadOnlyList<FieldCondition> Conditions { get; init; } = [];
    public IReadOnlyList<string> IncludeCategories { get; init; } = [];
    public IReadOnlyList<string> ExcludeCategories { get; init; } = [];
    public bool ExcludePrivate { get; init; }
    public DateWindow? Window { get; init; }
}

public enum ModifyAction { AddCategory, SetCategory, ClearBody, Set }

public sealed record Modification(ModifyAction Action, string? Field = null, string? Value = null);
