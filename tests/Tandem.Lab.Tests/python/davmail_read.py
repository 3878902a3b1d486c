"""Reads a mailbox through DavMail (Debian's davmail, a Java EWS gateway pointed at the lab) with python3-caldav.

Usage: davmail_read.py DAVMAIL_URL USER PASSWORD
Prints one JSON object: the folder names DavMail lists for the user, the events of the calendar (summary, start,
rrule, exdates, exceptions) and the contacts (FN, EMAIL) of the address book. Exits non-zero on failure.
"""
import json
import sys
import xml.etree.ElementTree as ET

import caldav
import requests
from icalendar import Calendar

BASE, USER, PASSWORD = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
HOME = f"{BASE}/users/{USER}/"
DAV = "{DAV:}"
PROPFIND = '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:displayname/><d:resourcetype/></d:prop></d:propfind>'


def children(url):
    r = requests.request("PROPFIND", url, auth=(USER, PASSWORD), headers={"Depth": "1", "Content-Type": "text/xml"},
                         data=PROPFIND, timeout=120)
    r.raise_for_status()
    found = []
    for response in ET.fromstring(r.content).iter(DAV + "response"):
        href = response.findtext(DAV + "href")
        if href.rstrip("/") != url.replace(BASE, "").rstrip("/") and not url.endswith(href):
            found.append(href)
    return found


def folders():
    return sorted({h.rstrip("/").split("/")[-1] for h in children(HOME)})


def events():
    client = caldav.DAVClient(url=HOME, username=USER, password=PASSWORD)
    calendar = caldav.Calendar(client=client, url=HOME + "calendar/")
    out = []
    for event in calendar.events():
        parsed = Calendar.from_ical(event.data)
        vevents = [c for c in parsed.walk() if c.name == "VEVENT"]
        master = next(v for v in vevents if "RECURRENCE-ID" not in v)
        rrule = master.get("RRULE")
        out.append({
            "summary": str(master.get("SUMMARY")),
            "uid": str(master.get("UID")),
            "start": master.decoded("DTSTART").isoformat(),
            "end": master.decoded("DTEND").isoformat(),
            "location": str(master.get("LOCATION", "")),
            "rrule": rrule.to_ical().decode() if rrule else None,
            "exceptions": len(vevents) - 1,
        })
    return sorted(out, key=lambda e: e["summary"])


def contacts():
    out = []
    for href in children(HOME + "contacts/"):
        r = requests.get(BASE + href if href.startswith("/") else href, auth=(USER, PASSWORD), timeout=120)
        r.raise_for_status()
        card = {}
        for line in r.text.replace("\r\n ", "").splitlines():
            name, _, value = line.partition(":")
            key = name.split(";")[0].upper()
            if key in ("FN", "EMAIL", "N") and key not in card:
                card[key.lower()] = value
        out.append(card)
    return sorted(out, key=lambda c: c.get("fn", ""))


print(json.dumps({"folders": folders(), "events": events(), "contacts": contacts()}))
