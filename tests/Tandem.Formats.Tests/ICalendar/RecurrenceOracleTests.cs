using System.Globalization;
using System.Text.Json;
using Tandem.Core.Items;
using Tandem.Core.Recurrence;
using Tandem.Formats.ICalendar;
using Xunit.Abstractions;
using Tandem.Testing;
using Tandem.Testing.Python;

namespace Tandem.Formats.Tests.ICalendar;

/// <summary>
/// RecurrenceExpander against python3-dateutil's rrule on seeded random rules: every RRULE form Outlook can
/// express and the combinations around them (BYSETPOS, negative month days, WKST with intervals).
/// Needs the Debian package python3-dateutil.
/// </summary>
public sealed class RecurrenceOracleTests(ITestOutputHelper output)
{
    private const string Format = "yyyyMMdd'T'HHmmss";

    public static TheoryData<string, string> OutlookForms() => new()
    {
        { "20260105T090000", "FREQ=DAILY;COUNT=10" },
        { "20260105T090000", "FREQ=DAILY;INTERVAL=3;UNTIL=20260301T090000" },
        { "20260105T090000", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;COUNT=30" },
        { "20260106T140000", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;WKST=SU;COUNT=20" },
        { "20260106T140000", "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU,TU;WKST=MO;COUNT=20" },
        { "20260106T140000", "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU,TU;WKST=SU;COUNT=20" },
        { "20260131T080000", "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=12" },
        { "20260131T080000", "FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=14" },
        { "20260113T080000", "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU;COUNT=10" },
        { "20260130T080000", "FREQ=MONTHLY;BYDAY=-1FR;COUNT=10" },
        { "20260130T080000", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=13" },
        { "20260101T080000", "FREQ=MONTHLY;BYDAY=SA,SU;BYSETPOS=1;COUNT=13" },
        { "20260101T080000", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYSETPOS=3;COUNT=13" },
        { "20240229T080000", "FREQ=YEARLY;COUNT=5" },
        { "20261126T100000", "FREQ=YEARLY;BYMONTH=11;BYDAY=4TH;COUNT=8" },
        { "20260525T100000", "FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO;UNTIL=20351231T000000" },
        { "20260704T000000", "FREQ=YEARLY;BYMONTH=7;BYMONTHDAY=4" },
        { "20260105T090000", "FREQ=WEEKLY" },
    };

    [SkippableTheory]
    [MemberData(nameof(OutlookForms))]
    public void Starts_OutlookForm_SameAsDateutil(string start, string rule)
    {
        var cases = new List<Case> { new(0, start, rule) };
        var expected = Oracle(cases);
        AssertSame(cases[0], expected[0]);
    }

    [SkippableFact]
    public void Starts_SeededRandomRules_SameAsDateutil()
    {
        var seed = TestSeed.Announce(output);
        var r = new Random(seed);
        var cases = Enumerable.Range(0, 400).Select(i => new Case(i, RandomStart(r).ToString(Format, CultureInfo.InvariantCulture), RandomRule(r))).ToList();
        var expected = Oracle(cases);
        foreach (var c in cases)
        {
            try
            {
                AssertSame(c, expected[c.Id]);
            }
            catch (Exception)
            {
                output.WriteLine($"seed {seed}, case {c.Id}: DTSTART:{c.Start} RRULE:{c.Rule}");
                throw;
            }
        }
    }

    private static void AssertSame(Case c, JsonElement oracle)
    {
        var oracleStart = oracle.GetProperty("start");
        var expected = oracle.GetProperty("occurrences").EnumerateArray().Select(e => e.GetString()!).ToList();
        if (oracleStart.ValueKind == JsonValueKind.Null)
        {
            Assert.Empty(expected);
            return;
        }
        var start = DateTime.ParseExact(oracleStart.GetString()!, Format, CultureInfo.InvariantCulture);
        Assert.True(RecurrenceRuleText.TryParse(c.Rule, out var rule, out var until, out var error), error);
        if (until is { } u)
        {
            rule = rule with { Until = ItemTime.Floating(u.Value) };
            // RFC 5545: DTSTART is always the first occurrence; dateutil drops it when UNTIL precedes it.
            if (u.Value < start) expected = [oracleStart.GetString()!];
        }
        var end = DateTime.ParseExact(c.Start, Format, CultureInfo.InvariantCulture).AddYears(Case.Years);
        var actual = RecurrenceExpander.Starts(rule, ItemTime.Floating(start))
            .TakeWhile(t => t.Value < end)
            .Take(Case.Max)
            .Select(t => t.Value.ToString(Format, CultureInfo.InvariantCulture))
            .ToList();
        Assert.Equal(expected, actual);
    }

    private static List<JsonElement> Oracle(List<Case> cases)
    {
        var input = JsonSerializer.Serialize(cases.Select(c => new
        {
            id = c.Id,
            start = c.Start,
            rule = c.Rule,
            max = Case.Max,
            end = DateTime.ParseExact(c.Start, Format, CultureInfo.InvariantCulture).AddYears(Case.Years).ToString(Format, CultureInfo.InvariantCulture),
        }));
        return PythonOracle.Require("dateutil").Run(TestFiles.Python("ical_rrule.py"), input).Json().EnumerateArray().ToList();
    }

    private static DateTime RandomStart(Random r) =>
        new DateTime(2000, 1, 1).AddDays(r.Next(365 * 40)).AddHours(r.Next(24)).AddMinutes(15 * r.Next(4));

    private static string RandomRule(Random r)
    {
        string[] days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
        var freq = r.Next(4);
        var parts = new List<string> { "FREQ=" + new[] { "DAILY", "WEEKLY", "MONTHLY", "YEARLY" }[freq] };
        if (r.Next(3) == 0) parts.Add("INTERVAL=" + r.Next(2, 5));
        var someDays = () => string.Join(',', days.Where(_ => r.Next(3) == 0).DefaultIfEmpty(days[r.Next(7)]));
        switch (freq)
        {
            case 0:
                if (r.Next(3) == 0) parts.Add("BYDAY=" + someDays());
                if (r.Next(5) == 0) parts.Add("BYMONTH=" + (r.Next(12) + 1));
                break;
            case 1:
                parts.Add("BYDAY=" + someDays());
                if (r.Next(2) == 0) parts.Add("WKST=" + days[r.Next(7)]);
                break;
            case 2:
                switch (r.Next(4))
                {
                    case 0: parts.Add("BYMONTHDAY=" + string.Join(',', Enumerable.Range(0, r.Next(1, 3)).Select(_ => r.Next(2) == 0 ? r.Next(1, 32) : -r.Next(1, 8)).Distinct())); break;
                    case 1: parts.Add("BYDAY=" + (r.Next(2) == 0 ? -1 : r.Next(1, 5)) + days[r.Next(7)]); break;
                    case 2:
                        parts.Add("BYDAY=" + someDays());
                        parts.Add("BYSETPOS=" + (r.Next(2) == 0 ? -r.Next(1, 3) : r.Next(1, 4)));
                        break;
                }
                if (r.Next(5) == 0) parts.Add("BYMONTH=" + string.Join(',', Enumerable.Range(0, 3).Select(_ => r.Next(1, 13)).Distinct()));
                break;
            default:
                switch (r.Next(4))
                {
                    case 0:
                        parts.Add("BYMONTH=" + r.Next(1, 13));
                        parts.Add("BYMONTHDAY=" + r.Next(1, 29));
                        break;
                    case 1:
                        parts.Add("BYMONTH=" + r.Next(1, 13));
                        parts.Add("BYDAY=" + (r.Next(2) == 0 ? -1 : r.Next(1, 5)) + days[r.Next(7)]);
                        break;
                    case 2:
                        parts.Add("BYDAY=" + (r.Next(2) == 0 ? -r.Next(1, 10) : r.Next(1, 53)) + days[r.Next(7)]);
                        break;
                }
                break;
        }
        switch (r.Next(3))
        {
            case 0: parts.Add("COUNT=" + r.Next(1, 40)); break;
            case 1: parts.Add("UNTIL=" + new DateTime(2000, 1, 1).AddDays(r.Next(365 * 45)).ToString(Format, CultureInfo.InvariantCulture)); break;
        }
        return string.Join(';', parts);
    }

    private sealed record Case(int Id, string Start, string Rule)
    {
        public const int Max = 60;
        public const int Years = 12;
    }
}
