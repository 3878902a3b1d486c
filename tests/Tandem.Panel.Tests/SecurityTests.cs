using System.Net;
using System.Text.Json;
using Tandem.Panel.Security;
using Tandem.State.Admin;

namespace Tandem.Panel.Tests;

/// <summary>
/// What the issue's security list asks: nothing without a session or token, a viewer changes nothing, a form post
/// without its antiforgery token is refused, five wrong passwords lock an account, and the audit log has each.
/// </summary>
[Collection(PanelCollection.Name)]
public sealed partial class SecurityTests(PanelServer server)
{
    [System.Text.RegularExpressions.GeneratedRegex(@"\{[^}]+\}")]
    private static partial System.Text.RegularExpressions.Regex Placeholder();

    public static readonly string[] Pages = ["/", "/Groups", "/GroupEdit?name=files", "/Approvals", "/Failures", "/Connections", "/Nodes", "/History", "/Diagnostics", "/Audit", "/Accounts", "/Diagnostics?handler=Bundle"];

    /// <summary>Every form a page posts to, with the least role allowed to use it.</summary>
    public static readonly (string Path, AdminRole Needs)[] Posts =
    [
        ("/Groups?handler=Run", AdminRole.Operator),
        ("/Groups?handler=Create", AdminRole.Administrator),
        ("/Groups?handler=Remove", AdminRole.Administrator),
        ("/Groups?handler=Pause", AdminRole.Operator),
        ("/Groups?handler=Resume", AdminRole.Operator),
        ("/Failures?handler=Retry", AdminRole.Operator),
        ("/Connections?handler=Test", AdminRole.Operator),
        ("/Approvals?handler=Approve", AdminRole.Operator),
        ("/Approvals?handler=Reject", AdminRole.Operator),
        ("/Connections?handler=AddEws", AdminRole.Administrator),
        ("/Connections?handler=Remove", AdminRole.Administrator),
        ("/Connections?handler=EditEws", AdminRole.Administrator),
        ("/GroupEdit?handler=Save", AdminRole.Administrator),
        ("/GroupEdit?handler=AddMember", AdminRole.Administrator),
        ("/GroupEdit?handler=RemoveMember", AdminRole.Administrator),
        ("/History?handler=Retention", AdminRole.Administrator),
        ("/Accounts?handler=Add", AdminRole.Administrator),
        ("/Accounts?handler=Remove", AdminRole.Administrator),
        ("/Accounts?handler=Unlock", AdminRole.Administrator),
        ("/Accounts?handler=Token", AdminRole.Administrator),
        ("/Accounts?handler=Revoke", AdminRole.Administrator),
    ];

    private static readonly Dictionary<string, string> HarmfulForm = new()
    {
        ["group"] = "none", ["name"] = "files", ["Name"] = "evil", ["Email"] = "x@example.invalid", ["Account"] = "x", ["Password"] = "longenough-password",
        ["password"] = "longenough-password", ["role"] = "administrator", ["account"] = "viewer", ["id"] = "none",
        ["kind"] = "contacts", ["conflict"] = "newest", ["members"] = "files:x/evil two-way", ["days"] = "1", ["threshold"] = "100", ["folder"] = "files:x/evil",
        ["EwsUrl"] = "https://evil.example.invalid/EWS/Exchange.asmx", ["NoTest"] = "true", ["purge"] = "true",
    };

    /// <summary>Every operation the OpenAPI document lists, with a made-up name in its path.</summary>
    private async Task<List<(HttpMethod Method, string Path)>> ApiOperationsAsync()
    {
        using var http = server.Api(null);
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri("api/openapi/v1.json", UriKind.Relative)));
        var operations = new List<(HttpMethod, string)>();
        foreach (var path in doc.RootElement.GetProperty("paths").EnumerateObject())
            foreach (var method in path.Value.EnumerateObject())
                operations.Add((new HttpMethod(method.Name.ToUpperInvariant()), Placeholder().Replace(path.Name.Replace("{name}", "files", StringComparison.Ordinal), "1")));
        return operations;
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheApi()
    {
        var operations = await ApiOperationsAsync();
        Assert.Contains((HttpMethod.Get, "/api/groups"), operations);
        Assert.Contains((HttpMethod.Post, "/api/groups/files/approve"), operations);
        Assert.Contains((HttpMethod.Get, "/api/audit"), operations);
        Assert.True(operations.Count >= 12, $"only {operations.Count} operations documented");
    }

    [Fact]
    public async Task EveryPage_WithoutSession_GoesToSignIn_AndEveryPost_IsRefusedAndAudited()
    {
        using var client = server.Client();
        foreach (var page in Pages)
        {
            using var response = await client.GetAsync(page);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{page}: {(int)response.StatusCode}");
            Assert.StartsWith("/signin", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
        }
        using (var events = await client.GetAsync("/events"))
            Assert.Equal(HttpStatusCode.Unauthorized, events.StatusCode);

        var csrf = await client.CsrfTokenAsync("/signin");
        foreach (var (path, _) in Posts)
        {
            using var response = await client.PostAsync(path, HarmfulForm, csrf);
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.BadRequest, $"{path}: {(int)response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.Redirect) Assert.StartsWith("/signin", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
        }
        var audit = await server.AuditAsync("anonymous", "access");
        Assert.Contains(audit, e => e.Target == "POST /Connections" && e.Outcome == "refused");
        await using var store = await server.OpenStoreAsync();
        Assert.Null(await store.GetConnectionAsync("evil", default));
        Assert.NotNull(await store.GetConnectionAsync("files", default));
    }

    [Fact]
    public async Task EveryApiCall_WithoutOrWithAWrongToken_Is401_AndAudited()
    {
        using var anonymous = server.Api(null);
        using var wrong = server.Api(null);
        wrong.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "tdm_000000000000_notthesecret");
        var forged = server.Tokens[AdminRole.Administrator][..^4] + "AAAA";
        using var tampered = server.Api(null);
        tampered.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", forged);
        foreach (var (method, path) in await ApiOperationsAsync())
        {
            foreach (var http in new[] { anonymous, wrong, tampered })
            {
                using var request = new HttpRequestMessage(method, new Uri(path.TrimStart('/'), UriKind.Relative));
                using var response = await http.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path}: {(int)response.StatusCode}");
            }
        }
        var audit = await server.AuditAsync();
        Assert.Contains(audit, e => e.Actor == "anonymous" && e.Target == "POST /api/groups/files/approve" && e.Outcome == "refused");
        Assert.Contains(audit, e => e.Action == "api.token" && e.Outcome == "refused");
    }

    [Fact]
    public async Task Viewer_CannotChangeAnything_ThroughThePagesOrTheApi()
    {
        using var client = server.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync("viewer", PanelServer.Password)).StatusCode);
        using (var dashboard = await client.GetAsync("/"))
            Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        foreach (var adminOnly in new[] { "/Accounts", "/Audit", "/Diagnostics", "/Diagnostics?handler=Bundle" })
        {
            using var response = await client.GetAsync(adminOnly);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{adminOnly}: {(int)response.StatusCode}");
        }
        var csrf = await client.CsrfTokenAsync("/Groups");
        foreach (var (path, _) in Posts)
        {
            using var response = await client.PostAsync(path, HarmfulForm, csrf);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{path}: {(int)response.StatusCode}");
        }

        using var api = server.Api(AdminRole.Viewer);
        foreach (var (method, path) in await ApiOperationsAsync())
        {
            using var request = new HttpRequestMessage(method, new Uri(path.TrimStart('/'), UriKind.Relative));
            using var response = await api.SendAsync(request);
            var isRead = method == HttpMethod.Get && !path.StartsWith("/api/audit", StringComparison.Ordinal) && !path.StartsWith("/api/accounts", StringComparison.Ordinal)
                && !path.StartsWith("/api/diagnostics", StringComparison.Ordinal) && !path.StartsWith("/api/history", StringComparison.Ordinal) && !path.EndsWith("/folders", StringComparison.Ordinal)
                && !path.EndsWith("/purge", StringComparison.Ordinal) && !path.EndsWith("/preview", StringComparison.Ordinal);
            // a read of a made-up name may be 404; what matters is that the role let it through
            if (isRead) Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"viewer could not read {path}: {(int)response.StatusCode}");
            else Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"viewer {method} {path}: {(int)response.StatusCode}");
        }

        await using var store = await server.OpenStoreAsync();
        Assert.Null(await store.GetConnectionAsync("evil", default));
        Assert.NotNull(await store.GetConnectionAsync("files", default));
        Assert.Null(await store.GetAdminAsync("evil", default));
        Assert.Null(await store.GetGroupAsync("evil", default));
        var audit = await store.ReadAuditAsync(new AuditQuery(1000, "viewer", "access"), default);
        Assert.Contains(audit, e => e.Target == "POST /Accounts" && e.Outcome == "refused");
        Assert.Contains(audit, e => e.Target == "POST /api/groups/files/run" && e.Outcome == "refused");
    }

    [Fact]
    public async Task FormPost_WithoutAntiforgeryToken_IsRefused_AndAudited()
    {
        using var client = server.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync("administrator", PanelServer.Password)).StatusCode);
        var form = new Dictionary<string, string> { ["name"] = "csrf-victim", ["password"] = "longenough-password", ["role"] = "administrator" };

        using (var missing = await client.PostAsync("/Accounts?handler=Add", form, csrf: null))
            Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        using (var forged = await client.PostAsync("/Accounts?handler=Add", form, csrf: "CfDJ8forged"))
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        using (var signInWithout = await client.PostAsync("/signin", new() { ["Name"] = "administrator", ["Password"] = PanelServer.Password }, csrf: null))
            Assert.Equal(HttpStatusCode.BadRequest, signInWithout.StatusCode);

        await using (var store = await server.OpenStoreAsync())
            Assert.Null(await store.GetAdminAsync("csrf-victim", default));
        var audit = await server.AuditAsync(action: "csrf");
        Assert.Contains(audit, e => e.Actor == "administrator" && e.Target == "POST /Accounts" && e.Outcome == "refused");

        // the same form with its token goes through: the refusal above was the token's doing
        using (var ok = await client.PostAsync("/Accounts?handler=Add", form, await client.CsrfTokenAsync("/Accounts")))
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        await using (var store = await server.OpenStoreAsync())
            Assert.Equal(AdminRole.Administrator, (await store.GetAdminAsync("csrf-victim", default))!.Role);
    }

    [Fact]
    public async Task FiveWrongPasswords_LockTheAccount_EvenForTheRightPassword_AndTheAuditLogSaysSo()
    {
        await using (var store = await server.OpenStoreAsync())
            await AdminAccounts.AddAsync(store, "locky", PanelServer.Password, AdminRole.Operator, TimeProvider.System, default);
        using var client = server.Client();
        for (var i = 1; i <= 5; i++)
        {
            using var wrong = await client.SignInAsync("locky", "wrong password " + i);
            Assert.Equal(i < 5 ? HttpStatusCode.Unauthorized : (HttpStatusCode)423, wrong.StatusCode);
        }
        using (var right = await client.SignInAsync("locky", PanelServer.Password))
        {
            Assert.Equal((HttpStatusCode)423, right.StatusCode);
            Assert.Contains("locked", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var dashboard = await client.GetAsync("/"))
            Assert.Equal(HttpStatusCode.Redirect, dashboard.StatusCode);

        await using var check = await server.OpenStoreAsync();
        var account = await check.GetAdminAsync("locky", default);
        Assert.NotNull(account!.LockedUntil);
        Assert.InRange(account.LockedUntil!.Value - TimeProvider.System.GetUtcNow(), TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        var audit = await check.ReadAuditAsync(new AuditQuery(100, "locky"), default);
        Assert.Equal(5, audit.Count(e => e.Action == "sign-in" && e.Outcome == "failed"));
        Assert.Single(audit, e => e.Action == "lock-out" && e.Outcome == "locked");
        Assert.Single(audit, e => e.Action == "sign-in" && e.Outcome == "refused" && e.Detail == "account locked");
    }

    [Fact]
    public async Task SignIn_IsAudited_AndUnknownNamesGetTheSameAnswerAsWrongPasswords()
    {
        using var client = server.Client();
        using var unknown = await client.SignInAsync("nobody-here", "whatever password");
        using var wrong = await client.SignInAsync("operator", "not the password");
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("wrong name or password", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("wrong name or password", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var ok = await client.SignInAsync("operator", PanelServer.Password);
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var audit = await server.AuditAsync(action: "sign-in");
        Assert.Contains(audit, e => e.Target == "nobody-here" && e.Outcome == "failed" && e.Detail == "unknown account");
        Assert.Contains(audit, e => e.Actor == "operator" && e.Outcome == "ok" && e.Source is { Length: > 0 });
    }

    [Fact]
    public async Task ApiToken_ActsWithItsAccountsRole_AndARevokedTokenIsRefused()
    {
        await using (var store = await server.OpenStoreAsync())
            await AdminAccounts.AddAsync(store, "script-owner", PanelServer.Password, AdminRole.Operator, TimeProvider.System, default);
        string text;
        await using (var store = await server.OpenStoreAsync())
            text = (await ApiTokens.CreateAsync(store, "script-owner", "nightly", TimeProvider.System, default)).Text;
        using var http = server.Api(null);
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", text);
        using (var groups = await http.GetAsync(new Uri("api/groups", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.OK, groups.StatusCode);
        using (var audit = await http.GetAsync(new Uri("api/audit", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.Forbidden, audit.StatusCode);

        await using (var store = await server.OpenStoreAsync())
        {
            var token = (await store.ListTokensAsync("script-owner", default)).Single();
            Assert.NotNull(token.LastUsed);
            Assert.DoesNotContain(token.SecretHash, text, StringComparison.Ordinal);
            Assert.True(await store.RemoveTokenAsync(token.Id, default));
        }
        using (var revoked = await http.GetAsync(new Uri("api/groups", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
    }
}
