using Tandem.Connectors.Ews;
using Tandem.Connectors.Graph;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Integration.Tests.Ews;

namespace Tandem.Integration.Tests.Graph;

/// <summary>
/// Clients of the lab's mailboxes that stand for users, beside the process under test: a user's Outlook over EWS
/// (connection "outlook") and another Graph client (connection "graph-user").
/// </summary>
internal static class LabClients
{
    public static IConnector Outlook(LabFixture f, string user) => new EwsConnectorFactory().Create(
        new ConnectionDefinition("outlook", EwsSettingKeys.ConnectionType, new Dictionary<string, string>
        {
            [EwsSettingKeys.Url] = f.Lab.EwsUrl.ToString(), [EwsSettingKeys.User] = user, [EwsSettingKeys.Email] = user,
        }),
        new Dictionary<string, string> { [EwsSettingKeys.PasswordSecret] = "lab" });

    public static IConnector GraphUser(LabFixture f) => new GraphConnectorFactory().Create(
        new ConnectionDefinition("graph-user", GraphSettingKeys.ConnectionType, new Dictionary<string, string> { [GraphSettingKeys.BaseUrl] = new Uri(f.Lab.BaseUrl, "v1.0").ToString() }),
        new Dictionary<string, string>());
}
