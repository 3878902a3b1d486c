using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tandem.Core.History;
using Tandem.Core.Sync;
using Tandem.State;
using Tandem.State.Admin;

namespace Tandem.Panel.Tests;

/// <summary>The item history's retention and connection editing, in the pages and the API.</summary>
[Collection(PanelCollection.Name)]
public sealed class SettingsTests(PanelServer server)
{
    private static async Task<string> FollowAsync(PanelClient client, HttpResponseMessage post)
    {
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        using var page = await client.GetAsync(post.Headers.Location!.OriginalString);
        return WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HistoryRetention_IsSetInThePanel_KeptInTheState_PrunesAtOnce_AndTheApiReadsIt()
    {
        await LocalGroups.CreateAsync(server, "retained", ["alice"]);
        await using (var store = await server.OpenStoreAsync())
        {
            var member = (await store.LoadGroupStateAsync("retained", default)).Members[0].Id;
            var old = new StateDelta();
            old.History.Add(new HistoryEntry(999, 1, TimeProvider.System.GetUtcNow().AddDays(-60), HistoryAction.Created, member, "Sixty days ago"));
            await store.ApplyAsync("retained", old, default);
        }
        using var client = server.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync("administrator", PanelServer.Password)).StatusCode);
        var csrf = await client.CsrfTokenAsync("/History");
        using (var page = await client.GetAsync("/History"))
            Assert.Contains("<b id=\"retention-days\">90</b>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using (var post = await client.PostAsync("/History?handler=Retention", new() { ["days"] = "a month" }, csrf))
            Assert.Contains("history retention: 'a month' is not a whole number of days", await FollowAsync(client, post), StringComparison.Ordinal);
        using (var post = await client.PostAsync("/History?handler=Retention", new() { ["days"] = "0" }, csrf))
            Assert.Contains("history retention: 0 days is not between 1 and 3650", await FollowAsync(client, post), StringComparison.Ordinal);
        await using (var store = await server.OpenStoreAsync())
        {
            Assert.Null(await store.GetServiceSettingAsync(ServiceSettingKeys.HistoryRetentionDays, default));
            Assert.Single(await store.LoadItemHistoryAsync("retained", 999, default));
        }

        using (var post = await client.PostAsync("/History?handler=Retention", new() { ["days"] = "45" }, csrf))
        {
            var page = await FollowAsync(client, post);
            Assert.Contains("item history is kept 45 days; 1 older entries removed", page, StringComparison.Ordinal);
            Assert.Contains("<b id=\"retention-days\">45</b>", page, StringComparison.Ordinal);
        }
        await using (var store = await server.OpenStoreAsync())
        {
            Assert.Equal("45", await store.GetServiceSettingAsync(ServiceSettingKeys.HistoryRetentionDays, default));
            Assert.Empty(await store.LoadItemHistoryAsync("retained", 999, default));
        }

        using var viewer = server.Api(AdminRole.Viewer);
        using (var settings = JsonDocument.Parse(await viewer.GetStringAsync(new Uri("api/settings", UriKind.Relative))))
            Assert.Equal(45, settings.RootElement.GetProperty("historyRetention").GetProperty("days").GetInt32());
        using var admin = server.Api(AdminRole.Administrator);
        using (var reset = await admin.PutAsJsonAsync(new Uri("api/settings", UriKind.Relative), new { historyRetentionDays = (int?)null }))
            Assert.Contains("kept 90 days (the service's default)", await reset.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(await server.AuditAsync("administrator", "settings.history-retention"), e => e.Outcome == "ok" && e.Detail == "45 days");
    }

    [Fact]
    public async Task EditConnection_IsTestedBeforeItIsStored_AndThePasswordIsNeverShown()
    {
        using var client = server.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync("administrator", PanelServer.Password)).StatusCode);
        using (var page = await client.GetAsync("/Connections?edit=exchange"))
        {
            var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
            Assert.Contains("id=\"edit-ews\"", html, StringComparison.Ordinal);
            Assert.Contains("value=\"https://mail.example.invalid/EWS/Exchange.asmx\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain(PanelServer.EwsSecret, html, StringComparison.Ordinal);
        }
        var csrf = await client.CsrfTokenAsync("/Connections?edit=exchange");
        var form = new Dictionary<string, string>
        {
            ["Name"] = "exchange", ["EwsUrl"] = $"https://127.0.0.1:{Tandem.Testing.Net.LoopbackPort.Free()}/EWS/Exchange.asmx", ["Account"] = "svc-sync", ["Password"] = "", ["Auth"] = "basic",
        };
        // tested first: nothing listens at the new address, so nothing is stored
        using (var post = await client.PostAsync("/Connections?handler=EditEws", form, csrf))
            Assert.Contains("not saved: the test failed at", await FollowAsync(client, post), StringComparison.Ordinal);
        await using (var store = await server.OpenStoreAsync())
            Assert.Equal("https://mail.example.invalid/EWS/Exchange.asmx", (await store.GetConnectionAsync("exchange", default))!.Setting("url"));
        // a new user needs its password
        using (var post = await client.PostAsync("/Connections?handler=EditEws", new(form) { ["Account"] = "someone-else", ["NoTest"] = "true" }, csrf))
            Assert.Contains("password: give the password of user 'someone-else'", await FollowAsync(client, post), StringComparison.Ordinal);
        // offline set-up: stored untested; the empty password keeps the stored one
        using (var post = await client.PostAsync("/Connections?handler=EditEws", new(form) { ["NoTest"] = "true" }, csrf))
            Assert.Contains("connection 'exchange' saved (not tested)", await FollowAsync(client, post), StringComparison.Ordinal);
        await using (var store = await server.OpenStoreAsync())
        {
            Assert.Equal(form["EwsUrl"], (await store.GetConnectionAsync("exchange", default))!.Setting("url"));
            Assert.Equal(PanelServer.EwsSecret, (await store.GetSecretsAsync("exchange", default))["password"]);
        }
        Assert.Contains(await server.AuditAsync("administrator", "connection.edit"), e => e.Target == "exchange" && e.Outcome == "ok" && e.Detail!.EndsWith("password kept", StringComparison.Ordinal));

        // the API: add the lab by Autodiscover (tested), then point it at its EWS URL with a new password (tested again)
        using var api = server.Api(AdminRole.Administrator);
        var lab = server.Lab;
        using (var add = await api.PostAsJsonAsync(new Uri("api/connections", UriKind.Relative),
            new { name = "lab-api", email = "tandem@lab.test", autodiscoverBase = lab.BaseUrl.ToString().TrimEnd('/'), account = "tandem@lab.test", password = "wrong", impersonation = true }))
        {
            // the lab refuses a wrong password: the test fails at sign-in and nothing is added
            Assert.Equal(HttpStatusCode.BadRequest, add.StatusCode);
            Assert.Contains("not saved: the test failed", await add.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var add = await api.PostAsJsonAsync(new Uri("api/connections", UriKind.Relative),
            new { name = "lab-api", email = "tandem@lab.test", autodiscoverBase = lab.BaseUrl.ToString().TrimEnd('/'), account = "tandem@lab.test", password = "lab", impersonation = true }))
            Assert.Contains("connection 'lab-api' added; its test passed", await add.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using (var edit = await api.PutAsJsonAsync(new Uri("api/connections/lab-api", UriKind.Relative),
            new { ewsUrl = lab.EwsUrl.ToString(), account = "tandem@lab.test", password = "lab", impersonation = true }))
            Assert.Contains("connection 'lab-api' saved; its test passed", await edit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var listed = await api.GetStringAsync(new Uri("api/connections", UriKind.Relative));
        Assert.Contains(lab.EwsUrl.ToString(), listed, StringComparison.Ordinal);
        Assert.DoesNotContain(PanelServer.EwsSecret, listed, StringComparison.Ordinal);
        await using (var store = await server.OpenStoreAsync())
        {
            Assert.Null((await store.GetConnectionAsync("lab-api", default))!.Setting("email"));
            await store.RemoveConnectionAsync("lab-api", default);
        }
    }
}
