using System.Collections.Concurrent;

namespace Tandem.Core.TimeZones;

/// <summary>
/// Builds a TimeZoneInfo that follows a VTIMEZONE definition which matches no system zone, year by year from
/// <see cref="FirstYear"/> to <see cref="LastYear"/>: yearly rules, dated (RDATE) changes and rules that change
/// over time all become one adjustment rule per year with that year's own dates. Never a fixed offset in
/// place of changes the definition has. A year whose changes .NET cannot express (more than one daylight
/// period, three different offsets) makes the definition unrepresentable: <see cref="InvalidTimeZoneException"/>
/// says which year and why, so the item is quarantined rather than written an hour wrong.
/// </summary>
internal static class CustomZoneBuilder
{
    public const int FirstYear = 1900;
    public const int LastYear = 2200;

    private static readonly ConcurrentDictionary<VTimeZoneDefinition, TimeZoneInfo> Cache = new();
    private static readonly DateTime YearStart = new(1, 1, 1, 0, 0, 0);
    private static readonly DateTime YearEnd = new(1, 1, 1, 23, 59, 59, 999);

    public static TimeZoneInfo Build(VTimeZoneDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return Cache.GetOrAdd(definition, Create);
    }

    private static TimeZoneInfo Create(VTimeZoneDefinition definition)
    {
        var id = string.IsNullOrWhiteSpace(definition.Tzid) ? "Custom" : definition.Tzid;
        var changes = EffectiveChanges(definition);
        var initial = changes.Count == 0 ? FirstOffset(definition) : changes[0].Before;
        var years = new List<YearRule>();
        var index = 0;
        for (var year = FirstYear; year <= LastYear; year++)
        {
            var atStart = index == 0 ? initial : changes[index - 1].After;
            var inYear = new List<Change>();
            while (index < changes.Count && changes[index].Wall.Year <= year)
            {
                if (changes[index].Wall.Year == year) inYear.Add(changes[index]);
                index++;
            }
            years.Add(ForYear(id, year, atStart, inYear));
        }

        var baseOffset = years[^1].Standard;
        var rules = new List<TimeZoneInfo.AdjustmentRule>
        {
            Plain(DateTime.MinValue.Date, new DateTime(FirstYear - 1, 12, 31), initial - baseOffset),
        };
        foreach (var run in Runs(years))
        {
            var first = run[0];
            var from = new DateTime(first.Year, 1, 1);
            var to = new DateTime(run[^1].Year, 12, 31);
            rules.Add(first.Delta == TimeSpan.Zero
                ? Plain(from, to, first.Standard - baseOffset)
                : TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(from, to, first.Delta, first.DaylightStart!.Value, first.DaylightEnd!.Value, first.Standard - baseOffset));
        }
        rules.Add(Plain(new DateTime(LastYear + 1, 1, 1), DateTime.MaxValue.Date, TimeSpan.Zero));
        try
        {
            return TimeZoneInfo.CreateCustomTimeZone(id, baseOffset, id, id, id, [.. rules]);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidTimeZoneException($"time zone '{id}': its offsets cannot be represented ({ex.Message})", ex);
        }
    }

    /// <summary>One year's offsets as "standard offset plus a daylight delta between two transitions".</summary>
    private static YearRule ForYear(string id, int year, TimeSpan atStart, List<Change> changes)
    {
        switch (changes.Count)
        {
            case 0:
                return new YearRule(year, atStart, TimeSpan.Zero, null, null);
            case 1 when changes[0].After > atStart:
                // Onto a higher offset for the rest of the year (the next year's standard offset takes over at its start).
                return new YearRule(year, atStart, changes[0].After - atStart, Fixed(changes[0].Wall), Fixed12_31());
            case 1:
                return new YearRule(year, changes[0].After, atStart - changes[0].After, TimeZoneInfo.TransitionTime.CreateFixedDateRule(YearStart, 1, 1), Fixed(changes[0].Wall));
            case 2 when changes[1].After == atStart && changes[0].After > atStart:
                return new YearRule(year, atStart, changes[0].After - atStart, Fixed(changes[0].Wall), Fixed(changes[1].Wall));
            case 2 when changes[1].After == atStart:
                // Southern hemisphere: daylight at both ends of the year, standard in its middle.
                return new YearRule(year, changes[0].After, atStart - changes[0].After, Fixed(changes[1].Wall), Fixed(changes[0].Wall));
            default:
                var offsets = string.Join(" → ", new[] { atStart }.Concat(changes.Select(c => c.After)).Select(Format));
                throw new InvalidTimeZoneException(
                    $"time zone '{id}': in {year} its offset changes {changes.Count} times ({offsets}); Tandem can only represent one daylight period a year");
        }
    }

    /// <summary>Consecutive years with the same offsets and no dated transitions share one rule.</summary>
    private static IEnumerable<List<YearRule>> Runs(List<YearRule> years)
    {
        var run = new List<YearRule>();
        foreach (var y in years)
        {
            if (run.Count > 0 && !(y.Delta == TimeSpan.Zero && run[0].Delta == TimeSpan.Zero && y.Standard == run[0].Standard))
            {
                yield return run;
                run = [];
            }
            run.Add(y);
        }
        if (run.Count > 0) yield return run;
    }

    /// <summary>
    /// The instants at which the offset really changes, with the wall time the change is stated in (the offset
    /// before it, as both RFC 5545 and .NET's transition times count). An onset that repeats the offset in
    /// force (Outlook's 1601 observance start) is no change.
    /// </summary>
    private static List<Change> EffectiveChanges(VTimeZoneDefinition definition)
    {
        var result = new List<Change>();
        var transitions = DefinitionTransitions.Compute(definition, LastYear);
        if (transitions.Count == 0) return result;
        var current = Minutes(transitions[0].OffsetBefore);
        foreach (var t in transitions)
        {
            var after = Minutes(t.OffsetAfter);
            if (after == current) continue;
            result.Add(new Change(t.Utc + current, current, after));
            current = after;
        }
        return result;
    }

    private static TimeSpan FirstOffset(VTimeZoneDefinition definition) =>
        Minutes(definition.Observances.OrderBy(o => o.Start).First().OffsetTo);

    /// <summary>.NET keeps offsets in whole minutes; only local mean times before standard time had seconds.</summary>
    private static TimeSpan Minutes(TimeSpan offset) => TimeSpan.FromMinutes(Math.Round(offset.TotalMinutes));

    internal static TimeZoneInfo.AdjustmentRule Plain(DateTime from, DateTime to, TimeSpan baseDelta) =>
        TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(from, to, TimeSpan.Zero,
            TimeZoneInfo.TransitionTime.CreateFixedDateRule(YearStart, 1, 1),
            TimeZoneInfo.TransitionTime.CreateFixedDateRule(YearStart.AddMilliseconds(1), 1, 1),
            baseDelta);

    private static TimeZoneInfo.TransitionTime Fixed(DateTime wall) =>
        TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1).Add(wall.TimeOfDay), wall.Month, wall.Day);

    private static TimeZoneInfo.TransitionTime Fixed12_31() => TimeZoneInfo.TransitionTime.CreateFixedDateRule(YearEnd, 12, 31);

    private static string Format(TimeSpan offset) => (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString(@"hh\:mm", System.Globalization.CultureInfo.InvariantCulture);

    private readonly record struct Change(DateTime Wall, TimeSpan Before, TimeSpan After);

    private sealed record YearRule(int Year, TimeSpan Standard, TimeSpan Delta, TimeZoneInfo.TransitionTime? DaylightStart, TimeZoneInfo.TransitionTime? DaylightEnd);
}
