using System.Globalization;
using Tandem.Core.Items;

namespace Tandem.Formats.ICalendar;

/// <summary>The enumerated iCalendar values ↔ the model's enums, one place for reader and writer.</summary>
internal static class PropertyMaps
{
    /// <summary>X- property that carries what CLASS cannot say (Outlook's "Personal").</summary>
    public const string SensitivityProperty = "X-TANDEM-SENSITIVITY";

    public const string TaskStatusProperty = "X-TANDEM-TASK-STATUS";

    public const string NoteColorProperty = "X-TANDEM-NOTE-COLOR";

    public const string BusyStatusProperty = "X-MICROSOFT-CDO-BUSYSTATUS";

    /// <summary>RFC 5545 §3.8.1.9: 1–4 high, 5 medium, 6–9 low, 0 undefined.</summary>
    public static Importance? ImportanceFromPriority(string value) =>
        int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p <= 9
            ? p switch { 0 => null, <= 4 => Importance.High, 5 => Importance.Normal, _ => Importance.Low }
            : null;

    public static string? PriorityFromImportance(Importance importance) => importance switch
    {
        Importance.High => "1",
        Importance.Low => "9",
        _ => null,
    };

    /// <summary>Outlook's X-MICROSOFT-CDO-IMPORTANCE: 0 low, 1 normal, 2 high.</summary>
    public static Importance? ImportanceFromCdo(string value) => value.Trim() switch
    {
        "0" => Importance.Low,
        "1" => Importance.Normal,
        "2" => Importance.High,
        _ => null,
    };

    public static Sensitivity SensitivityFromClass(string value) => value.Trim().ToUpperInvariant() switch
    {
        "PUBLIC" => Sensitivity.Normal,
        "CONFIDENTIAL" => Sensitivity.Confidential,
        // RFC 5545: unknown classes are to be treated as PRIVATE.
        _ => Sensitivity.Private,
    };

    public static string? ClassFromSensitivity(Sensitivity s) => s switch
    {
        Sensitivity.Normal => null,
        Sensitivity.Confidential => "CONFIDENTIAL",
        _ => "PRIVATE",
    };

    public static ShowAs? ShowAsFromBusyStatus(string value) => value.Trim().ToUpperInvariant() switch
    {
        "FREE" => ShowAs.Free,
        "TENTATIVE" => ShowAs.Tentative,
        "BUSY" => ShowAs.Busy,
        "OOF" => ShowAs.OutOfOffice,
        "WORKINGELSEWHERE" => ShowAs.WorkingElsewhere,
        _ => null,
    };

    public static string BusyStatusFromShowAs(ShowAs s) => s switch
    {
        ShowAs.Free => "FREE",
        ShowAs.Tentative => "TENTATIVE",
        ShowAs.OutOfOffice => "OOF",
        ShowAs.WorkingElsewhere => "WORKINGELSEWHERE",
        _ => "BUSY",
    };

    public static TaskItemStatus TaskStatusFromIcal(string value) => value.Trim().ToUpperInvariant() switch
    {
        "IN-PROCESS" => TaskItemStatus.InProgress,
        "COMPLETED" => TaskItemStatus.Completed,
        "CANCELLED" => TaskItemStatus.Deferred,
        _ => TaskItemStatus.NotStarted,
    };

    public static string IcalFromTaskStatus(TaskItemStatus s) => s switch
    {
        TaskItemStatus.InProgress or TaskItemStatus.WaitingOnOthers => "IN-PROCESS",
        TaskItemStatus.Completed => "COMPLETED",
        _ => "NEEDS-ACTION",
    };

    /// <summary>The Outlook states iCalendar lacks, spelled for <see cref="TaskStatusProperty"/>.</summary>
    public static TaskItemStatus? TaskStatusFromTandem(string value) => value.Trim().ToUpperInvariant() switch
    {
        "WAITING" => TaskItemStatus.WaitingOnOthers,
        "DEFERRED" => TaskItemStatus.Deferred,
        _ => null,
    };

    public static string? TandemFromTaskStatus(TaskItemStatus s) => s switch
    {
        TaskItemStatus.WaitingOnOthers => "WAITING",
        TaskItemStatus.Deferred => "DEFERRED",
        _ => null,
    };

    public static NoteColor? NoteColorFromText(string value) =>
        Enum.TryParse<NoteColor>(value.Trim(), ignoreCase: true, out var c) && Enum.IsDefined(c) ? c : null;

    public static AttendeeRole RoleFromIcal(string? role, string? cutype)
    {
        if (cutype is not null && (cutype.Equals("RESOURCE", StringComparison.OrdinalIgnoreCase) || cutype.Equals("ROOM", StringComparison.OrdinalIgnoreCase)))
            return AttendeeRole.Resource;
        return role?.Trim().ToUpperInvariant() switch
        {
            "CHAIR" => AttendeeRole.Chair,
            "OPT-PARTICIPANT" or "NON-PARTICIPANT" => AttendeeRole.Optional,
            _ => AttendeeRole.Required,
        };
    }

    public static string IcalFromRole(AttendeeRole role) => role switch
    {
        AttendeeRole.Chair => "CHAIR",
        AttendeeRole.Optional => "OPT-PARTICIPANT",
        AttendeeRole.Resource => "NON-PARTICIPANT",
        _ => "REQ-PARTICIPANT",
    };

    public static ResponseStatus ResponseFromPartstat(string? partstat) => partstat?.Trim().ToUpperInvariant() switch
    {
        "ACCEPTED" => ResponseStatus.Accepted,
        "DECLINED" => ResponseStatus.Declined,
        "TENTATIVE" => ResponseStatus.Tentative,
        "NEEDS-ACTION" => ResponseStatus.NotResponded,
        _ => ResponseStatus.None,
    };

    public static string? PartstatFromResponse(ResponseStatus r) => r switch
    {
        ResponseStatus.Accepted or ResponseStatus.Organizer => "ACCEPTED",
        ResponseStatus.Declined => "DECLINED",
        ResponseStatus.Tentative => "TENTATIVE",
        ResponseStatus.NotResponded => "NEEDS-ACTION",
        _ => null,
    };
}
