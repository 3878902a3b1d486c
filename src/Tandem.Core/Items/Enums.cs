namespace Tandem.Core.Items;

/// <summary>Outlook's sensitivity; anything but Normal is treated as "private" by filters.</summary>
public enum Sensitivity { Normal, Personal, Private, Confidential }

public enum Importance { Low, Normal, High }

/// <summary>Outlook's free/busy status ("show as").</summary>
public enum ShowAs { Free, Tentative, Busy, OutOfOffice, WorkingElsewhere }

public enum AttendeeRole { Required, Optional, Resource, Chair }

public enum ResponseStatus { None, Accepted, Declined, Tentative, NotResponded, Organizer }

public enum TaskItemStatus { NotStarted, InProgress, Completed, WaitingOnOthers, Deferred }

/// <summary>The five colors Outlook offers for sticky notes.</summary>
public enum NoteColor { Yellow, Blue, Green, Pink, White }

/// <summary>The phone slots of Outlook's contact form (and EWS PhoneNumberKey).</summary>
public enum PhoneKind
{
    Business, Business2, BusinessFax, Home, Home2, HomeFax, Mobile, Pager, Car, Callback,
    Company, Isdn, Other, OtherFax, Primary, Radio, Telex, TtyTdd, Assistant,
}

/// <summary>The three postal address slots of Outlook's contact form.</summary>
public enum AddressKind { Business, Home, Other }
