using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Tandem.Lab.Ews;
using Tandem.Lab.Notify;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Hosting;

/// <summary>
/// /EWS/Exchange.asmx: faults, Basic authentication, XML and schema checks, RequestServerVersion, throttling,
/// ExchangeImpersonation, then the operation under its mailbox's lock (and the public folders' when it reaches them), so
/// requests for different mailboxes run in parallel; the response is one SOAP envelope (or a stream of them for
/// GetStreamingEvents).
/// </summary>
internal static class EwsEndpoint
{
    private static readonly Dictionary<string, Func<EwsCall, IEnumerable<XElement>>> Operations = new(StringComparer.Ordinal)
    {
        ["GetFolder"] = FolderOperations.GetFolder,
        ["FindFolder"] = FolderOperations.FindFolder,
        ["CreateFolder"] = FolderOperations.CreateFolder,
        ["SyncFolderHierarchy"] = FolderOperations.SyncFolderHierarchy,
        ["UpdateFolder"] = FolderChangeOperations.UpdateFolder,
        ["MoveFolder"] = FolderChangeOperations.MoveFolder,
        ["DeleteFolder"] = FolderChangeOperations.DeleteFolder,
        ["EmptyFolder"] = FolderChangeOperations.EmptyFolder,
        ["GetServerTimeZones"] = TimeZoneOperations.GetServerTimeZones,
        ["CreateAttachment"] = AttachmentOperations.CreateAttachment,
        ["GetAttachment"] = AttachmentOperations.GetAttachment,
        ["DeleteAttachment"] = AttachmentOperations.DeleteAttachment,
        ["SyncFolderItems"] = SyncFolderItemsOperation.SyncFolderItems,
        ["FindItem"] = FindItemOperation.FindItem,
        ["GetItem"] = ItemOperations.GetItem,
        ["CreateItem"] = ItemOperations.CreateItem,
        ["UpdateItem"] = UpdateItemOperation.UpdateItem,
        ["DeleteItem"] = ItemOperations.DeleteItem,
        ["MoveItem"] = MoveCopyOperations.MoveItem,
        ["CopyItem"] = MoveCopyOperations.CopyItem,
        ["Subscribe"] = NotificationOperations.Subscribe,
        ["GetEvents"] = NotificationOperations.GetEvents,
        ["Unsubscribe"] = NotificationOperations.Unsubscribe,
        ["ResolveNames"] = DirectoryOperations.ResolveNames,
        ["ConvertId"] = DirectoryOperations.ConvertId,
    };

    private static readonly HashSet<string> ReadOnly = new(StringComparer.Ordinal)
    {
        "GetFolder", "FindFolder", "FindItem", "GetItem", "ResolveNames", "ConvertId", "SyncFolderItems", "SyncFolderHierarchy", "GetServerTimeZones", "GetAttachment",
    };

    public static async Task HandleAsync(HttpContext http, LabContext lab)
    {
        var faults = lab.Faults;
        var frontEnd = lab.FrontEnds.Of(http);
        if (faults.IsDown(frontEnd))
        {
            // A dead server: the connection is reset before any HTTP answer (what a client sees when the host is gone).
            http.Abort();
            return;
        }

        if (faults.Delay > TimeSpan.Zero)
        {
            await Task.Delay(faults.Delay, lab.Options.Time, http.RequestAborted).ConfigureAwait(false);
        }

        if (faults.TakeUnavailable())
        {
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            http.Response.Headers.RetryAfter = "1";
            await http.Response.WriteAsync("Service Unavailable", http.RequestAborted).ConfigureAwait(false);
            return;
        }

        var caller = BasicAuth.Authenticate(http, lab.Store);
        if (caller is null)
        {
            await BasicAuth.ChallengeAsync(http).ConfigureAwait(false);
            return;
        }

        string body;
        using (var reader = new StreamReader(http.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
        }

        XDocument response;
        var operationName = OperationName(body);
        var started = lab.Options.Time.GetTimestamp();
        var mailbox = caller.Address;
        IDisposable? inFlight = null;
        try
        {
            var (call, name) = Prepare(body, caller, lab, http, frontEnd);
            mailbox = call.Principal.Address;
            if (name == "GetStreamingEvents")
            {
                await StreamingConnection.RunAsync(http, call, lab, body).ConfigureAwait(false);
                return;
            }

            inFlight = lab.Load.Enter(mailbox);
            response = Execute(call, lab);
            if (name == "Subscribe")
            {
                Affinity.SetCookie(http, call);
            }
        }
        catch (EwsException ex)
        {
            LabLog.EwsRefused(lab.Logger, operationName, caller.Address, ex.Code);
            response = SoapWriter.Fault(ex);
        }

        var isFault = response.Root!.Element(Ns.Soap + "Body")!.Element(Ns.Soap + "Fault") is not null;
        var status = isFault ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK;
        try
        {
            await WriteAsync(http, lab, body, operationName, response, status).ConfigureAwait(false);
        }
        finally
        {
            inFlight?.Dispose();
        }

        LabLog.EwsRequest(lab.Logger, operationName, caller.Address, mailbox, status, (long)lab.Options.Time.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>The body's first element name, for reporting even when the request is refused.</summary>
    private static string? OperationName(string body)
    {
        var start = body.IndexOf("Body", StringComparison.Ordinal);
        var open = start < 0 ? -1 : body.IndexOf('<', start);
        if (open < 0)
        {
            return null;
        }

        var end = body.IndexOfAny([' ', '>', '/', '\r', '\n', '\t'], open + 1);
        var name = end < 0 ? null : body[(open + 1)..end];
        return name?[(name.IndexOf(':', StringComparison.Ordinal) + 1)..];
    }

    /// <summary>The request-level checks, in Exchange's order; any failure is a SOAP fault.</summary>
    private static (EwsCall Call, string Name) Prepare(string body, Mailbox caller, LabContext lab, HttpContext http, int frontEnd)
    {
        var busyBackOff = 0;
        XDocument request;
        try
        {
            request = XDocument.Parse(body, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex)
        {
            throw new EwsException("ErrorSchemaValidation", "The request failed schema validation: " + ex.Message) { SchemaViolation = (ex.LineNumber, ex.LinePosition, ex.Message) };
        }

        var header = request.Root?.Element(Ns.Soap + "Header");
        var operation = request.Root?.Element(Ns.Soap + "Body")?.Elements().FirstOrDefault()
            ?? throw new EwsException("ErrorInvalidRequest", "The request is invalid.");
        if (header?.Element(Ns.T + "RequestServerVersion") is { } versionElement
            && !EwsSchema.Instance.ServerVersions.Contains((string?)versionElement.Attribute("Version") ?? string.Empty))
        {
            throw new EwsException("ErrorInvalidServerVersion", "The specified server version is invalid.");
        }

        if (EwsSchema.Instance.Validate(body) is { } violation)
        {
            throw new EwsException("ErrorSchemaValidation", "The request failed schema validation: " + violation.Violation) { SchemaViolation = violation };
        }

        if (operation.Name.Namespace != Ns.M || (!Operations.ContainsKey(operation.Name.LocalName) && operation.Name.LocalName != "GetStreamingEvents"))
        {
            throw new EwsException("ErrorInvalidRequest", $"The operation {operation.Name.LocalName} is not supported by the lab.");
        }

        var throttled = false;
        if (lab.Faults.TakeThrottle() is { } throttle)
        {
            if (!throttle.AsResponseMessage || operation.Name.LocalName == "GetStreamingEvents")
            {
                throw EwsException.ServerBusy(throttle.BackOffMilliseconds);
            }

            throttled = true;
            busyBackOff = throttle.BackOffMilliseconds;
        }

        var principal = caller;
        var impersonated = false;
        if (header?.Element(Ns.T + "ExchangeImpersonation")?.Element(Ns.T + "ConnectingSID")?.Elements().FirstOrDefault() is { } sid)
        {
            impersonated = true;
            if (!caller.CanImpersonate)
            {
                throw new EwsException("ErrorImpersonateUserDenied", "The account does not have permission to impersonate the requested user.");
            }

            principal = lab.Store.FindMailbox(sid.Value.Trim())
                ?? throw new EwsException("ErrorNonExistentMailbox", $"The SMTP address has no mailbox associated with it.");
        }

        if (lab.Faults.IsMailboxMoveInProgress(frontEnd))
        {
            throw new EwsException("ErrorMailboxMoveInProgress", "The mailbox is being moved, or is on another server or database.");
        }

        return (new EwsCall
        {
            Store = lab.Store, Caller = caller, Principal = principal, Operation = operation, Lab = lab, ThrottledBackOff = throttled ? busyBackOff : null,
            FrontEnd = frontEnd, Headers = http.Request.Headers, Impersonated = impersonated,
        }, operation.Name.LocalName);
    }

    private static readonly HashSet<string> ItemInfoOperations = new(StringComparer.Ordinal) { "GetItem", "CreateItem", "UpdateItem", "MoveItem", "CopyItem" };

    private static XDocument Execute(EwsCall call, LabContext lab)
    {
        if (call.ThrottledBackOff is { } backOff)
        {
            // The per-message form (sample 24): HTTP 200, ResponseClass=Error, BackOffMilliseconds in m:MessageXml.
            var busy = SoapWriter.Error(call.Name, EwsException.ServerBusy(backOff), ItemInfoOperations.Contains(call.Name) ? new XElement(Ns.M + "Items") : null);
            return SoapWriter.Envelope(SoapWriter.Response(call.Name, [busy]));
        }

        List<XElement> messages;
        using (var locks = StoreLocks.For(lab.Store, call.Principal.Address))
        {
            call.Locks = locks;
            lab.Faults.WaitOutMailboxLatency(call.Principal.Address);
            messages = [.. Operations[call.Name](call)];
            if (!ReadOnly.Contains(call.Name))
            {
                lab.CommitAndPublish(locks);
            }
        }

        foreach (var work in call.AfterRelease)
        {
            work();
        }

        return SoapWriter.Envelope(SoapWriter.Response(call.Name, messages));
    }

    public static async Task WriteAsync(HttpContext http, LabContext lab, string request, string? operation, XDocument response, int status)
    {
        var text = Serialize(response);
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/xml; charset=utf-8";
        await http.Response.WriteAsync(text, http.RequestAborted).ConfigureAwait(false);
        lab.Options.OnExchange?.Invoke(new LabExchange(http.Request.Path, operation, request, text, status));
    }

    public static string Serialize(XDocument document)
    {
        var builder = new StringBuilder();
        using (var writer = XmlWriter.Create(new StringWriter(builder), new XmlWriterSettings { OmitXmlDeclaration = false, Encoding = new UTF8Encoding(false) }))
        {
            document.Save(writer);
        }

        return builder.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }
}
