using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Lab;

namespace Tandem.Connectors.Graph.Tests.Lab;

/// <summary>One lab per test class (a shared fixture), reached over Graph by connectors and over raw HTTP by tests.</summary>
public sealed class GraphLab : IAsyncLifetime
{
    internal LabServer Server { get; private set; } = null!;

    /// <summary>The lab's Graph root, e.g. http://127.0.0.1:41234/v1.0.</summary>
    internal string GraphUrl => Server.BaseUrl + "v1.0";

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        Server = await LabServer.StartAsync(new LabOptions { Urls = "http://127.0.0.1:0", Seed = "empty" }, timeout.Token);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    internal static ConnectionDefinition Connection(string graphUrl, string name = "lab") =>
        new(name, GraphSettingKeys.ConnectionType, new Dictionary<string, string> { [GraphSettingKeys.BaseUrl] = graphUrl });

    internal IConnector Connect() => new GraphConnectorFactory().Create(Connection(GraphUrl), new Dictionary<string, string>());

    /// <summary>A connector with webhooks to <paramref name="notificationUrl"/>, received by <paramref name="hub"/>, on <paramref name="time"/>.</summary>
    internal IConnector Connect(TimeProvider time, GraphNotificationHub hub, Uri notificationUrl)
    {
        var connection = Connection(GraphUrl);
        var settings = new Dictionary<string, string>(connection.Settings) { [GraphSettingKeys.NotificationUrl] = notificationUrl.ToString() };
        return new GraphConnectorFactory(new GraphConnectorOptions { Time = time, Notifications = hub }).Create(connection with { Settings = settings }, new Dictionary<string, string>());
    }

    /// <summary>The same lab's mailboxes over EWS (the service account, impersonating), as a mixed group reaches them.</summary>
    internal IConnector ConnectEws() => new Ews.EwsConnectorFactory().Create(
        new ConnectionDefinition("lab", "ews", new Dictionary<string, string>
        {
            [Ews.EwsSettingKeys.Url] = Server.EwsUrl.ToString(),
            [Ews.EwsSettingKeys.User] = "tandem@lab.test",
            [Ews.EwsSettingKeys.Email] = "tandem@lab.test",
            [Ews.EwsSettingKeys.Impersonation] = "true",
        }),
        new Dictionary<string, string> { [Ews.EwsSettingKeys.PasswordSecret] = "lab" });

    /// <summary>An HTTP client for raw Graph requests to the lab (with the bearer token the lab wants to see).</summary>
    internal HttpClient Http()
    {
        var http = new HttpClient { BaseAddress = new Uri(GraphUrl + "/") };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "test");
        return http;
    }
}
