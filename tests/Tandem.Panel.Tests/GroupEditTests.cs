using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tandem.Core.Groups;
using Tandem.Core.Sync;
using Tandem.State.Admin;

namespace Tandem.Panel.Tests;

/// <summary>
/// The group edit page and its API: settings, filters and modifications parsed and validated as the CLI does (a wrong
/// value says which field and why, and nothing is stored), members added, and removed with the copies they hold purged
/// after the list was shown.
/// </summary>
[Collection(PanelCollection.Name)]
public sealed class GroupEditTests(PanelServer server)
{
    private static Dictionary<string, string> Form(string group, string conflict = "newest", string priority = "", string threshold = "20") =>
        new() { ["group"] = group, ["conflict"] = conflict, ["priority"] = priority, ["threshold"] = threshold, ["rules.Match"] = "all" };

    private static async Task<string> PageAsync(PanelClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task EditPage_WrongValues_NameTheFieldAndStoreNothing_RightOnesAreStoredAndShown()
    {
        await LocalGroups.CreateAsync(server, "edit-me", ["alice"]);
        using var client = server.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync("administrator", PanelServer.Password)).StatusCode);
        var page = await PageAsync(client, "/GroupEdit?name=edit-me");
        Assert.Contains("<b id=\"kind\">contacts</b>", page, StringComparison.Ordinal);
        Assert.Contains("files:alice/edit-me", page, StringComparison.Ordinal);
        var csrf = await client.CsrfTokenAsync("/GroupEdit?name=edit-me");

        (Dictionary<string, string> Form, string Error)[] wrong =
        [
            (Form("edit-me", threshold: "-5"), "deletion threshold '-5' is not a percentage above 0"),
            (Form("edit-me", conflict: "priority"), "conflict policy 'priority' needs a priority member"),
            (Form("edit-me", priority: "no-colon-here"), "priority member:"),
            (new(Form("edit-me")) { ["rules.ConditionField[0]"] = "CompanyName", ["rules.ConditionOp[0]"] = "equals", ["rules.ConditionValue[0]"] = "" },
                "rules: condition on 'CompanyName' with op 'Equals' needs a value"),
            (new(Form("edit-me")) { ["rules.ConditionField[0]"] = "CompanyName", ["rules.ConditionOp[0]"] = "resembles" }, "filter condition 1 (on 'CompanyName'): operator 'resembles'"),
            (new(Form("edit-me")) { ["rules.PastDays"] = "soon" }, "date window: days in the past: 'soon' is not a whole number of days"),
            (new(Form("edit-me")) { ["rules.ModifyAction[0]"] = "set", ["rules.ModifyValue[0]"] = "x" }, "rules: modification 'set' needs a field"),
        ];
        foreach (var (form, error) in wrong)
        {
            using var post = await client.PostAsync("/GroupEdit?handler=Save", form, csrf);
            Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
            Assert.Contains(error, await PageAsync(client, post.Headers.Location!.OriginalString), StringComparison.Ordinal);
        }
        await using (var store = await server.OpenStoreAsync())
        {
            var unchanged = (await store.GetGroupAsync("edit-me", default))!;
            Assert.Equal((ConflictPolicy.Newest, 0.2, (string?)null), (unchanged.Conflict, unchanged.MassDeleteThreshold, unchanged.RulesJson));
        }

        var good = new Dictionary<string, string>(Form("edit-me", conflict: "merge", threshold: "35"))
        {
            ["rules.Match"] = "any",
            ["rules.ConditionField[0]"] = "CompanyName", ["rules.ConditionOp[0]"] = "equals", ["rules.ConditionValue[0]"] = "Contoso",
            ["rules.ConditionField[1]"] = "JobTitle", ["rules.ConditionOp[1]"] = "notEmpty", ["rules.ConditionValue[1]"] = "",
            ["rules.ConditionField[2]"] = "", ["rules.ConditionOp[2]"] = "equals", ["rules.ConditionValue[2]"] = "",
            ["rules.IncludeCategories"] = "Company, Partners", ["rules.ExcludeCategories"] = "Personal", ["rules.ExcludePrivate"] = "true",
            ["rules.PastDays"] = "30", ["rules.FutureDays"] = "365",
            ["rules.ModifyAction[0]"] = "addCategory", ["rules.ModifyField[0]"] = "", ["rules.ModifyValue[0]"] = "From HQ",
            ["rules.ModifyAction[1]"] = "set", ["rules.ModifyField[1]"] = "CompanyName", ["rules.ModifyValue[1]"] = "Contoso Ltd",
            ["rules.ModifyAction[2]"] = "", ["rules.ModifyField[2]"] = "", ["rules.ModifyValue[2]"] = "",
        };
        using (var post = await client.PostAsync("/GroupEdit?handler=Save", good, csrf))
            Assert.Contains("group 'edit-me' saved", await PageAsync(client, post.Headers.Location!.OriginalString), StringComparison.Ordinal);
        await using (var store = await server.OpenStoreAsync())
        {
            var saved = (await store.GetGroupAsync("edit-me", default))!;
            Assert.Equal(ConflictPolicy.Merge, saved.Conflict);
            Assert.Equal(0.35, saved.MassDeleteThreshold, 6);
            var rules = SyncRules.Parse(saved.RulesJson);
            Assert.Equal(FilterMatch.Any, rules.Filter!.Match);
            Assert.Equal([new FieldCondition("CompanyName", ConditionOp.Equals, "Contoso"), new FieldCondition("JobTitle", ConditionOp.NotEmpty)], rules.Filter.Conditions);
            Assert.Equal(["Company", "Partners"], rules.Filter.IncludeCategories);
            Assert.Equal(["Personal"], rules.Filter.ExcludeCategories);
            Assert.True(rules.Filter.ExcludePrivate);
            Assert.Equal(new DateWindow(30, 365), rules.Filter.Window);
            Assert.Equal([new Modification(ModifyAction.AddCategory, null, "From HQ"), new Modification(ModifyAction.Set, "CompanyName", "Contoso Ltd")], rules.Modify);
        }
        page = await PageAsync(client, "/GroupEdit?name=edit-me");
        Assert.Contains("value=\"Contoso Ltd\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"Company, Partners\"", page, StringComparison.Ordinal);
        var audit = await server.AuditAsync("administrator", "group.edit");
        Assert.Equal(wrong.Length, audit.Count(e => e.Target == "edit-me" && e.Outcome == "failed"));
        Assert.Contains(audit, e => e.Target == "edit-me" && e.Outcome == "ok" && e.Detail!.Contains("\"match\":\"any\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Api_EditsAGroup_WithTheSameChecks()
    {
        await LocalGroups.CreateAsync(server, "api-edit", ["alice"]);
        using var api = server.Api(AdminRole.Administrator);
        using (var bad = await api.PutAsJsonAsync(new Uri("api/groups/api-edit", UriKind.Relative), new { conflict = "sometimes" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("conflict policy 'sometimes' is not newest, priority or merge", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var bad = await api.PutAsJsonAsync(new Uri("api/groups/api-edit", UriKind.Relative), new { rules = new { filter = new { conditions = new[] { new { field = "X", op = "resembles" } } } } }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("rules are not valid", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var ok = await api.PutAsJsonAsync(new Uri("api/groups/api-edit", UriKind.Relative),
            new { deleteThreshold = "50", rules = new { filter = new { excludePrivate = true }, modify = new[] { new { action = "clearBody" } } } }))
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using var settings = JsonDocument.Parse(await api.GetStringAsync(new Uri("api/groups/api-edit/settings", UriKind.Relative)));
        Assert.Equal("contacts", settings.RootElement.GetProperty("kind").GetString());
        Assert.Equal("50", settings.RootElement.GetProperty("deleteThresholdPercent").GetString());
        Assert.True(settings.RootElement.GetProperty("rules").GetProperty("filter").GetProperty("excludePrivate").GetBoolean());
        Assert.Equal("clearBody", settings.RootElement.GetProperty("rules").GetProperty("modify")[0].GetProperty("action").GetString());

        using (var member = await api.PostAsJsonAsync(new Uri("api/groups/api-edit/members", UriKind.Relative), new { folder = "files:erin/api-edit", role = "boss" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, member.StatusCode);
            Assert.Contains("role 'boss' is not source, target or two-way", await member.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var member = await api.PostAsJsonAsync(new Uri("api/groups/api-edit/members", UriKind.Relative), new { folder = "files:erin/api-edit", role = "two-way" }))
            Assert.Equal(HttpStatusCode.OK, member.StatusCode);
        await using var store = await server.OpenStoreAsync();
        var group = (await store.GetGroupAsync("api-edit", default))!;
        Assert.Contains(group.Members, m => m.Folder.ToString() == "files:erin/api-edit" && m.Role == MemberRole.TwoWay);
    }

    [Fact]
    public async Task Members_AddedInThePanel_AndRemovedWithPurge_ListTheCopiesFirst_AndDeleteOnlyThem()
    {
        await LocalGroups.CreateAsync(server, "purge-me", ["bob"], ("ann.vcf", LocalGroups.Card("Ann Lee", "Ann", "Lee")), ("bo.vcf", LocalGroups.Card("Bo Ng", "Bo", "Ng")));
        var bob = LocalGroups.Folder(server, "bob", "purge-me");
        await LocalGroups.WaitForAsync(() => Task.FromResult(LocalGroups.Cards(bob).Count == 2), "bob's two copies");
        // an item bob made himself: never Tandem's to delete
        await File.WriteAllTextAsync(Path.Combine(bob, "mine.vcf"), LocalGroups.Card("Bob's Own", "Bobs", "Own"));

        using var client = server.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync("administrator", PanelServer.Password)).StatusCode);
        var csrf = await client.CsrfTokenAsync("/GroupEdit?name=purge-me");
        using (var add = await client.PostAsync("/GroupEdit?handler=AddMember", new() { ["group"] = "purge-me", ["folder"] = "files:carol/purge-me", ["role"] = "reader" }, csrf))
            Assert.Contains("role 'reader' is not source, target or two-way", await PageAsync(client, add.Headers.Location!.OriginalString), StringComparison.Ordinal);
        using (var add = await client.PostAsync("/GroupEdit?handler=AddMember", new() { ["group"] = "purge-me", ["folder"] = "files:carol/purge-me", ["role"] = "target" }, csrf))
            Assert.Contains("added files:carol/purge-me to group 'purge-me' as target", await PageAsync(client, add.Headers.Location!.OriginalString), StringComparison.Ordinal);
        var carol = LocalGroups.Folder(server, "carol", "purge-me");
        await LocalGroups.WaitForAsync(() => Task.FromResult(LocalGroups.Cards(carol).Count == 2), "carol's two copies");
        using (var keep = await client.PostAsync("/GroupEdit?handler=RemoveMember", new() { ["group"] = "purge-me", ["folder"] = "files:carol/purge-me", ["purge"] = "false" }, csrf))
            Assert.Contains("the copies it made stay", await PageAsync(client, keep.Headers.Location!.OriginalString), StringComparison.Ordinal);
        Assert.Equal(2, LocalGroups.Cards(carol).Count);

        // the list first: bob's two copies, not his own card
        var plan = await PageAsync(client, "/GroupEdit?name=purge-me&removeMember=" + Uri.EscapeDataString("files:bob/purge-me"));
        Assert.Contains("<b id=\"member-purge-count\">2</b>", plan, StringComparison.Ordinal);
        Assert.Contains("Ann Lee", plan, StringComparison.Ordinal);
        Assert.Contains("Bo Ng", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Bob's Own", plan, StringComparison.Ordinal);
        using (var purge = await client.PostAsync("/GroupEdit?handler=RemoveMember", new() { ["group"] = "purge-me", ["folder"] = "files:bob/purge-me", ["purge"] = "true" }, csrf))
            Assert.Contains("deleted 2 copies and removed files:bob/purge-me from group 'purge-me'", await PageAsync(client, purge.Headers.Location!.OriginalString), StringComparison.Ordinal);

        Assert.Equal(["mine.vcf"], LocalGroups.Cards(bob));
        Assert.Equal(["ann.vcf", "bo.vcf"], LocalGroups.Cards(LocalGroups.Folder(server, "hq", "purge-me")));
        await using (var store = await server.OpenStoreAsync())
            Assert.Equal(["files:hq/purge-me"], (await store.GetGroupAsync("purge-me", default))!.Members.Select(m => m.Folder.ToString()));
        var audit = await server.AuditAsync("administrator");
        Assert.Contains(audit, e => e.Action == "member.add" && e.Target == "purge-me: files:carol/purge-me" && e.Outcome == "ok");
        Assert.Contains(audit, e => e.Action == "member.remove" && e.Target == "purge-me: files:carol/purge-me" && e.Outcome == "ok");
        Assert.Contains(audit, e => e.Action == "member.purge" && e.Target == "purge-me: files:bob/purge-me" && e.Outcome == "ok" && e.Detail!.StartsWith("2 copies deleted", StringComparison.Ordinal));
    }
}
