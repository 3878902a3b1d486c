"""Drives the Tandem lab with Debian's python3-exchangelib, an independent EWS client.

Usage: exchangelib_drive.py EWS_URL SCENARIO
Prints one JSON object with what it observed; exits non-zero on failure.
"""
import json
from decimal import Decimal
import sys
import time
import logging

from exchangelib import (Account, Configuration, Credentials, DELEGATE, IMPERSONATION, Contact, CalendarItem, Task,
                         EWSDateTime, EWSTimeZone, ExtendedProperty, FaultTolerance)
from exchangelib.errors import ErrorImpersonateUserDenied, ErrorAccessDenied
from exchangelib.indexed_properties import EmailAddress, PhoneNumber
from exchangelib.protocol import BaseProtocol

logging.basicConfig(level=logging.WARNING)
URL, SCENARIO = sys.argv[1], sys.argv[2]
BaseProtocol.USERAGENT = "tandem-lab-tests"


class TandemStamp(ExtendedProperty):
    property_set_id = "c11ff724-aa03-4555-9952-8fa248a11c3e"
    property_name = "TandemStamp"
    property_type = "String"


Contact.register("tandem_stamp", TandemStamp)


def account(user, mailbox=None, access=DELEGATE, retry=None):
    config = Configuration(service_endpoint=URL, credentials=Credentials(user, "lab"), auth_type="basic", retry_policy=retry)
    return Account(primary_smtp_address=mailbox or user, config=config, autodiscover=False, access_type=access)


def folders():
    a = account("alice@lab.test")
    names = sorted(f.name for f in a.msg_folder_root.children)
    public = sorted(f.name for f in a.public_folders_root.children)
    company = a.public_folders_root / "Company Contacts"
    count = company.all().count()
    sample = list(company.all().only("display_name", "email_addresses")[:3])
    return {"version": a.version.api_version, "folders": names, "public": public, "company_contacts": count,
            "sample": [c.display_name for c in sample]}


def crud():
    a = account("alice@lab.test")
    tz = EWSTimeZone("Europe/Berlin")
    c = Contact(folder=a.contacts, given_name="Ada", surname="Lovelace", display_name="Ada Lovelace",
                company_name="Analytical Engines", job_title="Mathematician",
                email_addresses=[EmailAddress(label="EmailAddress1", email="ada@engines.example")],
                phone_numbers=[PhoneNumber(label="BusinessPhone", phone_number="+44 20 0000")], tandem_stamp="g1;L1")
    c.save()
    got = a.contacts.get(id=c.id)
    contact_read = {"given": got.given_name, "email": got.email_addresses[0].email, "stamp": got.tandem_stamp,
                    "phone": got.phone_numbers[0].phone_number}
    got.job_title = "Countess"
    got.save(update_fields=["job_title"])
    again = a.contacts.get(id=c.id)
    found = list(a.contacts.filter(tandem_stamp="g1;L1"))
    e = CalendarItem(folder=a.calendar, subject="Engine demo", start=EWSDateTime(2026, 12, 1, 10, 0, tzinfo=tz),
                     end=EWSDateTime(2026, 12, 1, 11, 0, tzinfo=tz), location="Lab", reminder_minutes_before_start=5)
    e.save(send_meeting_invitations="SendToNone")
    ge = a.calendar.get(id=e.id)
    ge.subject = "Engine demo (moved)"
    ge.save(update_fields=["subject"], send_meeting_invitations="SendToNone")
    t = Task(folder=a.tasks, subject="Write notes", status="InProgress", percent_complete=Decimal(50))
    t.save()
    gt = a.tasks.get(id=t.id)
    result = {
        "contact": contact_read, "updated_title": again.job_title, "changekey_changed": again.changekey != c.changekey,
        "found_by_stamp": len(found), "event_subject": a.calendar.get(id=e.id).subject, "event_uid": bool(ge.uid),
        "event_start": ge.start.astimezone(tz).isoformat(), "task": [gt.subject, gt.status, gt.percent_complete],
    }
    again.delete()
    a.calendar.get(id=e.id).delete(send_meeting_cancellations="SendToNone")
    gt.delete(affected_task_occurrences="AllOccurrences")
    result["after_delete"] = a.contacts.filter(tandem_stamp="g1;L1").count()
    return result


def impersonation():
    ok = account("tandem@lab.test", mailbox="bob@lab.test", access=IMPERSONATION)
    bob_contacts = ok.contacts.all().count()
    c = Contact(folder=ok.contacts, given_name="Via", surname="Impersonation", display_name="Via Impersonation")
    c.save()
    denied = None
    try:
        bad = account("alice@lab.test", mailbox="bob@lab.test", access=IMPERSONATION)
        bad.contacts.all().count()
    except ErrorImpersonateUserDenied as ex:
        denied = "ErrorImpersonateUserDenied"
    except Exception as ex:  # noqa: BLE001 - report what happened
        denied = type(ex).__name__
    return {"bob_contacts": bob_contacts, "created": bool(c.id), "denied": denied}


def pull():
    a = account("carol@lab.test")
    sub = a.contacts.subscribe_to_pull(event_types=["CreatedEvent", "ModifiedEvent", "DeletedEvent"])
    c = Contact(folder=a.contacts, given_name="Pull", surname="Event", display_name="Pull Event")
    c.save()
    events = []
    for notification in a.contacts.get_events(subscription_id=sub[0], watermark=sub[1]):
        events += [type(ev).__name__ for ev in notification.events]
    a.contacts.unsubscribe(sub[0])
    return {"events": events}


def streaming():
    a = account("dave@lab.test")
    sub_id = a.contacts.subscribe_to_streaming()
    c = Contact(folder=a.contacts, given_name="Stream", surname="Event", display_name="Stream Event")
    c.save()
    events = []
    for notification in a.contacts.get_streaming_events(sub_id, connection_timeout=1, max_notifications_returned=1):
        events += [type(ev).__name__ for ev in notification.events]
    a.contacts.unsubscribe(sub_id)
    return {"events": events}


def sync():
    a = account("erin@lab.test")
    first = list(a.contacts.sync_items(max_changes_returned=2))
    state = a.contacts.item_sync_state
    c = Contact(folder=a.contacts, given_name="Sync", surname="Me", display_name="Sync Me")
    c.save()
    second = list(a.contacts.sync_items(sync_state=state))
    return {"first": [t for t, _ in first], "second": [t for t, _ in second]}


def calendar_view():
    a = account("alice@lab.test")
    utc = EWSTimeZone("UTC")
    items = a.calendar.view(start=EWSDateTime(2026, 12, 1, 0, 0, tzinfo=utc), end=EWSDateTime(2027, 1, 1, 0, 0, tzinfo=utc))
    return {"items": [[i.subject, i.start.astimezone(utc).isoformat(), i.type] for i in items]}


def throttled():
    retry = FaultTolerance(max_wait=60)
    a = account("alice@lab.test", retry=retry)
    started = time.monotonic()
    n = a.contacts.all().count()
    return {"count": n, "seconds": time.monotonic() - started}


print(json.dumps(globals()[SCENARIO](), default=str))
