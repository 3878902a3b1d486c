"""Oracle for the iCalendar reader: python3-icalendar (+ dateutil for occurrences).

Usage: ical_fields.py FILE WINDOW_START WINDOW_END  (window as YYYYMMDDTHHMMSSZ)
Prints one JSON object per VEVENT/VTODO/VJOURNAL master (grouped by UID) with the fields Tandem maps, and
for events the UTC starts (or naive wall times for floating/unknown zones) of the occurrences in the window.
"""
import json
import sys
from datetime import date, datetime, timedelta, timezone

from dateutil.rrule import rruleset, rrulestr
from icalendar import Calendar

FMT = "%Y%m%dT%H%M%S"


def text(component, name):
    value = component.get(name)
    return None if value is None else str(value)


def time_of(value):
    """{"wall", "utc", "date"}: utc only when icalendar gave an aware datetime."""
    if value is None:
        return None
    dt = value.dt if hasattr(value, "dt") else value
    if isinstance(dt, datetime):
        result = {"wall": dt.strftime(FMT), "date": False, "utc": None}
        if dt.tzinfo is not None and dt.utcoffset() is not None:
            result["utc"] = dt.astimezone(timezone.utc).strftime(FMT)
        return result
    if isinstance(dt, date):
        return {"wall": dt.strftime("%Y%m%d") + "T000000", "date": True, "utc": None}
    return None


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def times_of(component, name):
    result = []
    for prop in as_list(component.get(name)):
        for dt in prop.dts:
            result.append(time_of(dt))
    return result


def categories(component):
    result = []
    for prop in as_list(component.get("CATEGORIES")):
        cats = getattr(prop, "cats", None)
        if cats is None:
            cats = [c for c in str(prop.to_ical().decode("utf-8")).split(",")]
        result.extend(str(c) for c in cats)
    return result


def person(prop):
    address = str(prop)
    if address.lower().startswith("mailto:"):
        address = address[7:]
    params = prop.params
    return {
        "email": address,
        "cn": params.get("CN"),
        "role": params.get("ROLE"),
        "partstat": params.get("PARTSTAT"),
        "cutype": params.get("CUTYPE"),
    }


def to_utc_key(dt):
    if isinstance(dt, datetime):
        if dt.tzinfo is not None and dt.utcoffset() is not None:
            return dt.astimezone(timezone.utc).strftime(FMT) + "Z"
        return dt.strftime(FMT)
    return dt.strftime("%Y%m%d") + "T000000"


def occurrences(master, window_start, window_end):
    start = master.get("DTSTART").dt
    aware = isinstance(start, datetime) and start.tzinfo is not None
    if not isinstance(start, datetime):
        start = datetime(start.year, start.month, start.day)
    rules = rruleset()
    rrule = master.get("RRULE")
    if rrule is not None:
        text_rule = rrule.to_ical().decode("utf-8")
        # UNTIL written as a DATE on a timed series: dateutil needs it as a datetime.
        if aware and "UNTIL=" in text_rule and "Z" not in text_rule.split("UNTIL=")[1].split(";")[0]:
            until = text_rule.split("UNTIL=")[1].split(";")[0]
            text_rule = text_rule.replace("UNTIL=" + until, "UNTIL=" + (until + "T235959Z" if len(until) == 8 else until + "Z"))
        rules.rrule(rrulestr(text_rule, dtstart=start, ignoretz=not aware))
    else:
        rules.rdate(start)
    for prop in as_list(master.get("RDATE")):
        for d in prop.dts:
            dt = d.dt
            if isinstance(dt, tuple):
                dt = dt[0]
            if not isinstance(dt, datetime):
                dt = datetime(dt.year, dt.month, dt.day, tzinfo=start.tzinfo)
            rules.rdate(dt)
    for prop in as_list(master.get("EXDATE")):
        for d in prop.dts:
            dt = d.dt
            if not isinstance(dt, datetime):
                dt = datetime(dt.year, dt.month, dt.day, start.hour, start.minute, start.second, tzinfo=start.tzinfo)
            rules.exdate(dt)
    lo = window_start if aware else window_start.replace(tzinfo=None)
    hi = window_end if aware else window_end.replace(tzinfo=None)
    return [to_utc_key(o) for o in rules.between(lo, hi, inc=True)]


def main():
    path, ws, we = sys.argv[1], sys.argv[2], sys.argv[3]
    window_start = datetime.strptime(ws, FMT + "Z").replace(tzinfo=timezone.utc)
    window_end = datetime.strptime(we, FMT + "Z").replace(tzinfo=timezone.utc)
    with open(path, "rb") as f:
        cal = Calendar.from_ical(f.read())
    items = []
    overrides = {}
    for component in cal.walk():
        if component.name not in ("VEVENT", "VTODO", "VJOURNAL"):
            continue
        uid = text(component, "UID")
        if component.name == "VEVENT" and component.get("RECURRENCE-ID") is not None:
            overrides.setdefault(uid, []).append(time_of(component.get("RECURRENCE-ID")))
            continue
        item = {
            "kind": component.name,
            "uid": uid,
            "summary": text(component, "SUMMARY"),
            "description": text(component, "DESCRIPTION"),
            "location": text(component, "LOCATION"),
            "categories": categories(component),
            "class": text(component, "CLASS"),
            "priority": text(component, "PRIORITY"),
            "transp": text(component, "TRANSP"),
            "status": text(component, "STATUS"),
            "percent": text(component, "PERCENT-COMPLETE"),
            "dtstart": time_of(component.get("DTSTART")),
            "dtend": time_of(component.get("DTEND")),
            "due": time_of(component.get("DUE")),
            "exdates": times_of(component, "EXDATE"),
            "organizer": person(component["ORGANIZER"]) if component.get("ORGANIZER") is not None else None,
            "attendees": [person(a) for a in as_list(component.get("ATTENDEE"))],
        }
        if component.name == "VEVENT" and component.get("DTSTART") is not None:
            item["occurrences"] = occurrences(component, window_start, window_end)
        items.append(item)
    for item in items:
        item["overrides"] = overrides.get(item["uid"], [])
    json.dump(items, sys.stdout, default=str)


if __name__ == "__main__":
    main()
