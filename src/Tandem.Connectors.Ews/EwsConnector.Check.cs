using Tandem.Connectors.Ews.Operations;
using Tandem.Connectors.Ews.Protocol;
using Tandem.Core.Connectors;

namespace Tandem.Connectors.Ews;

/// <summary>The EWS steps of a connection test (<see cref="IConnectionTester"/>): Autodiscover, sign-in, impersonation, version.</summary>
internal sealed partial class EwsConnector
{
    internal async Task<CheckLocation> LocateAsync(CancellationToken ct)
    {
        if (_settings.Url is { } url) return new CheckLocation(url, [new CheckStep("endpoint", true, $"manual URL {url}")]);
        try
        {
            var found = await DiscoverAsync(ct).ConfigureAwait(false);
            return new CheckLocation(found, [new CheckStep("Autodiscover", true, $"{_settings.Email} -> {found}")]);
        }
        catch (Exception e) when (e is EwsException or HttpRequestException or InvalidOperationException)
        {
            return new CheckLocation(null, [new CheckStep("Autodiscover", false, $"{_settings.Email}: {e.Message}")]);
        }
    }

    internal async Task<IReadOnlyList<CheckStep>> CheckAccessAsync(CancellationToken ct)
    {
        var steps = new List<CheckStep>();
        EwsClient client;
        try
        {
            client = await ClientAsync(ct).ConfigureAwait(false);
        }
        catch (EwsException e)
        {
            steps.Add(new CheckStep("authentication", false, e.Message));
            return steps;
        }
        // the account's own mailbox root: any SOAP answer means the credentials were taken (it may have no mailbox)
        var signIn = await TryGetRootAsync(client, EwsCall.Default, ct).ConfigureAwait(false);
        if (signIn.Error is { } refused && signIn.Code is "Unauthorized" or EwsCodes.Transport or EwsCodes.Http)
        {
            steps.Add(new CheckStep("authentication", false, refused));
            return steps;
        }
        steps.Add(new CheckStep("authentication", true, signIn.Code is null
            ? $"signed in as {_settings.User ?? _settings.ClientId ?? _settings.Email}"
            : $"signed in as {_settings.User ?? _settings.ClientId ?? _settings.Email} (its own mailbox answered {signIn.Code})"));
        if (_settings.Impersonation)
        {
            if (_settings.DefaultMailbox is not { } mailbox)
            {
                steps.Add(new CheckStep("impersonation", false, "no mailbox to try it on: give --autodiscover EMAIL or a UPN as --user"));
                return steps;
            }
            var acting = await TryGetRootAsync(client, MailboxCall(mailbox), ct).ConfigureAwait(false);
            if (acting.Error is { } denied)
            {
                var hint = acting.Code is "ErrorImpersonateUserDenied" or "ErrorImpersonationDenied" or "ErrorImpersonationFailed"
                    ? " — the account needs the ApplicationImpersonation role (New-ManagementRoleAssignment -Role ApplicationImpersonation)"
                    : "";
                steps.Add(new CheckStep("impersonation", false, $"ExchangeImpersonation of {mailbox}: {acting.Code}: {denied}{hint}"));
                return steps;
            }
            steps.Add(new CheckStep("impersonation", true, $"ExchangeImpersonation of {mailbox} allowed"));
        }
        steps.Add(client.ServerVersion is { } version
            ? new CheckStep("server version", true, $"{version.Major}.{version.Minor} ({ProductOf(version)})")
            : new CheckStep("server version", false, "the server sent no ServerVersionInfo header"));
        return steps;
    }

    private static async Task<(string? Code, string? Error)> TryGetRootAsync(EwsClient client, EwsCall call, CancellationToken ct)
    {
        try
        {
            var response = await client.SendAsync(FolderRequests.GetFolder(FolderAddress.Named("msgfolderroot")), call, ct).ConfigureAwait(false);
            var message = EwsClient.Messages(response).FirstOrDefault();
            return message is null || message.IsSuccess ? (null, null) : (message.ResponseCode, message.MessageText ?? message.ResponseCode);
        }
        catch (EwsException e)
        {
            return (e.ResponseCode, e.Message);
        }
    }

    private static string ProductOf(Version version) => (version.Major, version.Minor) switch
    {
        (15, 0) => "Exchange 2013",
        (15, 1) => "Exchange 2016",
        (15, 2) => "Exchange 2019 or Subscription Edition",
        ( >= 15, _) => "Exchange Online or later",
        _ => "Exchange 2010 or earlier",
    };
}
