using System.Globalization;
using Tandem.Core.Sync;

namespace Tandem.Panel.Groups;

/// <summary>
/// A group's filters and modifications as the edit page's form carries them (rows of conditions and modifications,
/// categories as comma-separated lists, the date window in days), turned into <see cref="SyncRules"/> and checked by
/// Core's own rules validation — the one <c>tandem group rules</c> uses. A wrong value names its field and row.
/// </summary>
public sealed class RulesForm
{
    /// <summary>Blank rows offered under the existing ones, to add a condition or modification without script.</summary>
    public const int BlankRows = 2;

    public static readonly string[] Ops = ["equals", "notEquals", "contains", "startsWith", "empty", "notEmpty"];

    public static readonly string[] Actions = ["addCategory", "setCategory", "clearBody", "set"];

    public string Match { get; set; } = "all";

    public List<string?> ConditionField { get; set; } = [];

    public List<string?> ConditionOp { get; set; } = [];

    public List<string?> ConditionValue { get; set; } = [];

    public string? IncludeCategories { get; set; }

    public string? ExcludeCategories { get; set; }

    public bool ExcludePrivate { get; set; }

    public string? PastDays { get; set; }

    public string? FutureDays { get; set; }

    public List<string?> ModifyAction { get; set; } = [];

    public List<string?> ModifyField { get; set; } = [];

    public List<string?> ModifyValue { get; set; } = [];

    public static RulesForm From(SyncRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var filter = rules.Filter ?? new FilterRules();
        var form = new RulesForm
        {
            Match = filter.Match == FilterMatch.Any ? "any" : "all",
            IncludeCategories = string.Join(", ", filter.IncludeCategories),
            ExcludeCategories = string.Join(", ", filter.ExcludeCategories),
            ExcludePrivate = filter.ExcludePrivate,
            PastDays = filter.Window?.PastDays?.ToString(CultureInfo.InvariantCulture),
            FutureDays = filter.Window?.FutureDays?.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var c in filter.Conditions)
        {
            form.ConditionField.Add(c.Field);
            form.ConditionOp.Add(Camel(c.Op.ToString()));
            form.ConditionValue.Add(c.Value);
        }
        foreach (var m in rules.Modify)
        {
            form.ModifyAction.Add(Camel(m.Action.ToString()));
            form.ModifyField.Add(m.Field);
            form.ModifyValue.Add(m.Value);
        }
        return form;
    }

    /// <summary>The rules the form describes, validated; null when it sets nothing (everything syncs unchanged).</summary>
    public SyncRules? ToRules()
    {
        var conditions = new List<FieldCondition>();
        for (var i = 0; i < ConditionField.Count; i++)
        {
            var field = ConditionField[i]?.Trim();
            if (string.IsNullOrEmpty(field)) continue;
            var op = At(ConditionOp, i) is { Length: > 0 } o ? o : "equals";
            if (!Enum.TryParse<ConditionOp>(op, ignoreCase: true, out var parsed) || !Ops.Contains(op, StringComparer.OrdinalIgnoreCase))
                throw new FormatException($"filter condition {i + 1} (on '{field}'): operator '{op}' is not one of {string.Join(", ", Ops)}");
            conditions.Add(new FieldCondition(field, parsed, At(ConditionValue, i) is { Length: > 0 } v ? v : null));
        }
        var modifications = new List<Modification>();
        for (var i = 0; i < ModifyAction.Count; i++)
        {
            var action = ModifyAction[i]?.Trim();
            if (string.IsNullOrEmpty(action)) continue;
            if (!Enum.TryParse<ModifyAction>(action, ignoreCase: true, out var parsed) || !Actions.Contains(action, StringComparer.OrdinalIgnoreCase))
                throw new FormatException($"modification {i + 1}: '{action}' is not one of {string.Join(", ", Actions)}");
            modifications.Add(new Modification(parsed, At(ModifyField, i) is { Length: > 0 } f ? f : null, At(ModifyValue, i) is { Length: > 0 } v ? v : null));
        }
        var past = Days(PastDays, "date window: days in the past");
        var future = Days(FutureDays, "date window: days in the future");
        var match = (Match ?? "all").Trim().ToLowerInvariant() switch
        {
            "all" => FilterMatch.All,
            "any" => FilterMatch.Any,
            _ => throw new FormatException($"conditions: match '{Match}' is not all or any"),
        };
        var filter = new FilterRules
        {
            Match = match,
            Conditions = conditions,
            IncludeCategories = Categories(IncludeCategories),
            ExcludeCategories = Categories(ExcludeCategories),
            ExcludePrivate = ExcludePrivate,
            Window = past is null && future is null ? null : new DateWindow(past, future),
        };
        var hasFilter = conditions.Count > 0 || filter.IncludeCategories.Count > 0 || filter.ExcludeCategories.Count > 0 || filter.ExcludePrivate || filter.Window is not null;
        if (!hasFilter && modifications.Count == 0) return null;
        var rules = new SyncRules { Filter = hasFilter ? filter : null, Modify = modifications };
        // Core's own validation (a condition without its value, a modification without its field…), as `group rules` runs it
        return SyncRules.Parse(rules.ToJson());
    }

    private static string? At(List<string?> list, int i) => i < list.Count ? list[i]?.Trim() : null;

    private static List<string> Categories(string? text) =>
        [.. (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase)];

    private static int? Days(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var days)
            ? days
            : throw new FormatException($"{field}: '{text}' is not a whole number of days (0 or more; empty for no limit)");
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
