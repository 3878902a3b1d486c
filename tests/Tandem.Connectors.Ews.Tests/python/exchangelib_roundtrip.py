"""Typed items in the Tandem lab as an independent EWS client (Debian's python3-exchangelib) writes and reads them.

Usage: exchangelib_roundtrip.py EWS_URL ACTION MAILBOX KIND PATH
  PATH: a folder path under the mailbox's message root, e.g. "Contacts/From exchangelib" (it must exist)
  KIND: contact | event | task | note | message
  ACTION:
    write   make one item of KIND in PATH with the fixed values below (contact with a photo; event: a weekly series
            with one occurrence moved and renamed and one deleted); prints {"ok": true}
    read    print the items of KIND in PATH as JSON: {"ok": true, "items": [...]} with the fields exchangelib parsed
"""
import base64
import json
import logging
import sys
from decimal import Decimal

from exchangelib import CalendarItem, Contact, EWSDate, EWSDateTime, EWSTimeZone, FileAttachment, Mailbox, Message, Task
from exchangelib.fields import WEEKDAY_NAMES  # exchangelib reads DaysOfWeek as ISO numbers, Monday = 1
from exchangelib.indexed_properties import EmailAddress, PhoneNumber, PhysicalAddress
from exchangelib.recurrence import NumberedPattern, Recurrence, WeeklyPattern

from lab_account import account, folder

logging.basicConfig(level=logging.WARNING)
URL, ACTION, MAILBOX, KIND, PATH = sys.argv[1:6]
BERLIN = EWSTimeZone("Europe/Berlin")
UTC = EWSTimeZone("UTC")
# A 1x1 PNG: what matters is that the bytes come back as they went in.
PHOTO = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


def utc(value):
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value is not None else None


def write(acc, f):
    if KIND == "contact":
        c = Contact(account=acc, folder=f, given_name="Grace", middle_name="Brewster", surname="Hopper", display_name="Grace Hopper",
                    nickname="Amazing Grace", company_name="US Navy", department="Computing", job_title="Rear Admiral",
                    email_addresses=[EmailAddress(label="EmailAddress1", email="grace@navy.example")],
                    phone_numbers=[PhoneNumber(label="MobilePhone", phone_number="+1 555 0100"), PhoneNumber(label="BusinessPhone", phone_number="+1 555 0101")],
                    physical_addresses=[PhysicalAddress(label="Business", street="1 Navy Way", city="Arlington", state="VA", zipcode="22202", country="USA")],
                    birthday=EWSDate(1906, 12, 9), body="Invented the compiler.", categories=["Pioneers"])
        c.save()
        c.attach(FileAttachment(name="ContactPicture.jpg", content=PHOTO, is_contact_photo=True))
    elif KIND == "event":
        master = CalendarItem(account=acc, folder=f, subject="Standup", location="Room 2", body="Daily sync", categories=["Team"],
                              start=EWSDateTime(2026, 3, 2, 9, 0, tzinfo=BERLIN), end=EWSDateTime(2026, 3, 2, 9, 15, tzinfo=BERLIN),
                              recurrence=Recurrence(pattern=WeeklyPattern(interval=1, weekdays=["Monday", "Wednesday"]),
                                                    boundary=NumberedPattern(start=EWSDate(2026, 3, 2), number=6)))
        master.save(send_meeting_invitations="SendToNone")
        moved = master.occurrence(index=3)  # Monday 2026-03-09
        moved.refresh()
        moved.subject = "Standup (moved)"
        moved.start = EWSDateTime(2026, 3, 9, 10, 0, tzinfo=BERLIN)
        moved.end = EWSDateTime(2026, 3, 9, 10, 15, tzinfo=BERLIN)
        moved.save(update_fields=["subject", "start", "end"], send_meeting_invitations="SendToNone")
        gone = master.occurrence(index=4)  # Wednesday 2026-03-11
        gone.refresh()
        gone.delete(send_meeting_cancellations="SendToNone")
    elif KIND == "task":
        Task(account=acc, folder=f, subject="File the report", body="Quarterly", status="InProgress", percent_complete=Decimal(40),
             importance="High", start_date=EWSDate(2026, 4, 1), due_date=EWSDate(2026, 4, 30), categories=["Work"]).save()
    elif KIND == "message":
        Message(account=acc, folder=f, subject="Quarterly numbers", body="See the numbers.", author=Mailbox(email_address="carol@lab.test"),
                to_recipients=[Mailbox(email_address="bob@lab.test")]).save()
    else:
        raise SystemExit("exchangelib cannot write " + KIND)


def read_contact(c):
    photos = [a for a in (c.attachments or []) if getattr(a, "is_contact_photo", False)]
    return {
        "given_name": c.given_name, "middle_name": c.middle_name, "surname": c.surname, "display_name": c.display_name,
        "nickname": c.nickname, "company_name": c.company_name, "department": c.department, "job_title": c.job_title,
        "emails": [e.email for e in sorted(c.email_addresses or [], key=lambda e: e.label)],
        "phones": {p.label: p.phone_number for p in (c.phone_numbers or [])},
        "addresses": [{"label": a.label, "street": a.street, "city": a.city, "state": a.state, "zip": a.zipcode, "country": a.country}
                      for a in sorted(c.physical_addresses or [], key=lambda a: a.label)],
        "birthday": c.birthday.isoformat() if c.birthday else None, "body": str(c.body) if c.body else None,
        "categories": c.categories or [], "has_picture": c.has_picture,
        "photo": base64.b64encode(photos[0].content).decode() if photos else None,
    }


def read_event(acc, e):
    exceptions = []
    if e.modified_occurrences:
        for o in acc.fetch(ids=[(o.id, o.changekey) for o in e.modified_occurrences]):
            exceptions.append({"subject": o.subject, "start": utc(o.start), "end": utc(o.end), "original_start": utc(o.original_start)})
    pattern = e.recurrence.pattern if e.recurrence else None
    return {
        "subject": e.subject, "location": e.location, "body": str(e.body) if e.body else None, "categories": e.categories or [],
        "start": utc(e.start), "end": utc(e.end), "type": e.type, "uid": e.uid,
        "pattern": type(pattern).__name__ if pattern else None,
        "weekdays": [WEEKDAY_NAMES[d - 1] if isinstance(d, int) else str(d) for d in getattr(pattern, "weekdays", None) or []],
        "interval": getattr(pattern, "interval", None),
        "number": getattr(e.recurrence.boundary, "number", None) if e.recurrence else None,
        "deleted": [utc(d.start) for d in e.deleted_occurrences or []],
        "exceptions": sorted(exceptions, key=lambda x: x["original_start"]),
    }


def read_task(t):
    return {
        "subject": t.subject, "body": str(t.body) if t.body else None, "status": t.status, "percent_complete": int(t.percent_complete or 0),
        "importance": t.importance, "start_date": t.start_date.isoformat() if t.start_date else None,
        "due_date": t.due_date.isoformat() if t.due_date else None, "categories": t.categories or [], "is_recurring": t.is_recurring,
    }


def read_message(m):
    return {
        "subject": m.subject, "item_class": m.item_class, "body": str(m.body) if m.body else None,
        "text_body": m.text_body, "author": m.author.email_address if m.author else None,
        "to": [r.email_address for r in m.to_recipients or []], "categories": m.categories or [],
    }


def read(acc, f):
    items = []
    for item in f.all():
        if KIND == "contact":
            items.append(read_contact(item))
        elif KIND == "event":
            items.append(read_event(acc, item))
        elif KIND == "task":
            items.append(read_task(item))
        else:
            items.append(read_message(item))
    return items


def main():
    acc = account(URL, MAILBOX)
    f = folder(acc, PATH)
    if ACTION == "write":
        write(acc, f)
        print(json.dumps({"ok": True}))
    elif ACTION == "read":
        print(json.dumps({"ok": True, "items": read(acc, f)}))
    else:
        raise SystemExit("unknown action " + ACTION)


main()
