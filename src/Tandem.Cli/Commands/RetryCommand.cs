using System.CommandLine;

namespace Tandem.Cli.Commands;

/// <summary>
/// <c>tandem retry GROUP [ITEM]</c>: tries quarantined items again (all, or those whose remote id or reason contains
/// ITEM); an item that still cannot be read is quarantined again with its reason.
/// </summary>
internal sealed class RetryCommand : ICliCommand
{
    public string? Parent => null;

    public Command Build(CliContext context)
    {
        var group = new Argument<string>("GROUP");
        var item = new Argument<string?>("ITEM") { Description = "part of the item's remote id (file name, item id) or of its reason", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("retry", "try quarantined items of a group again") { group, item };
        command.SetAction(async (parse, ct) =>
        {
            var name = parse.GetRequiredValue(group);
            await using var store = await context.OpenStoreAsync(parse, ct);
            var released = await context.CreateEngine(store).RetryAsync(name, parse.GetValue(item), ct);
            if (released.Count == 0)
            {
                context.Out.WriteLine($"group '{name}': no quarantined item{(parse.GetValue(item) is { } i ? $" matches '{i}'" : "")}");
                return 1;
            }
            var still = (await store.SummarizeAsync(name, ct)).Quarantine.Where(q => released.Any(r => r.MemberId == q.MemberId && r.RemoteId == q.RemoteId)).ToList();
            context.Out.WriteLine($"group '{name}': retried {released.Count} item(s); {released.Count - still.Count} synced now, {still.Count} still quarantined");
            foreach (var q in still) context.Out.WriteLine($"  still quarantined: {q.RemoteId}: {q.Reason}");
            return still.Count == 0 ? 0 : 1;
        });
        return command;
    }
}
