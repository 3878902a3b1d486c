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


def localize(naive, tz):
    """Attach a zone to a wall time the way the zone's library wants (pytz needs localize for DST)."""
    if tz is None:
        return naive
    if hasattr(tz, "localize"):
        return tz.localize(naive.replace(tzinfo=None))
    return naive.replace(tzinfo=tz)


def occurrences(master, window_start, window_end):
    """Expands on the wall clock (as RFC 5545 says), then gives each occurrence the start's zone."""
    start = master.get("DTSTART").dt
    tz = start.tzinfo if isinstance(start, datetime) else None
    if isinstance(start, datetime):
        wall_start = start.replace(tzinfo=None)
    else:
        wall_start = datetime(start.year, start.month, start.day)

    def wall(dt):
        if isinstance(dt, tuple):
            dt = dt[0]
        if not isinstance(dt, datetime):
            return datetime(dt.year, dt.month, dt.day, wall_start.hour, wall_start.minute, wall_start.second)
        if dt.tzinfo is not None and tz is not None:
            return dt.astimezone(tz).replace(tzinfo=None)
        if dt.tzinfo is not None:
            return dt.astimezone(timezone.utc).replace(tzinfo=None)
        return dt

    rules = rruleset()
    rrule = master.get("RRULE")
    if rrule is not None:
        text_rule = rrule.to_ical().decode("utf-8")
        if "UNTIL=" in text_rule:
            until = text_rule.split("UNTIL=")[1].split(";")[0]
            if until.endswith("Z") and tz is not None:
                local = wall(datetime.strptime(until, FMT + "Z").replace(tzinfo=timezone.utc))
                text_rule = text_rule.replace("UNTIL=" + until, "UNTIL=" + local.strftime(FMT))
            elif until.endswith("Z"):
                text_rule = text_rule.replace("UNTIL=" + until, "UNTIL=" + until[:-1])
            elif len(until) == 8 and isinstance(start, datetime):
                text_rule = text_rule.replace("UNTIL=" + until, "UNTIL=" + until + "T235959")
        rules.rrule(rrulestr(text_rule, dtstart=wall_start))
    else:
        rules.rdate(wall_start)
    for prop in as_list(master.get("RDATE")):
        for d in prop.dts:
            rules.rdate(wall(d.dt))
    for prop in as_list(master.get("EXDATE")):
        for d in prop.dts:
            rules.exdate(wall(d.dt))
    result = []
    for o in rules:
        aware = localize(o, tz) if tz is not None else o
        if tz is not None:
            if aware > window_end:
                break
            if aware >= window_start:
                result.append(to_utc_key(aware))
        else:
            if o > window_end.replace(tzinfo=None):
                break
            if o >= window_start.replace(tzinfo=None):
                result.append(to_utc_key(o))
    return result


def main():
    path, ws, we = sys.argv[1], sys.argv[2], sys.argv[3]
    window_start = datetime.strptime(ws, FMT + "Z").replace(tzinfo=timezone.utc)
    window_end = datetime.strptime(we, FMT + "Z").replace(tzinfo=timezone.utc)
    with open(path, "rb") as f:
        # CR CR LF (an iPhone export converted twice) is one line end; python3-icalendar would choke on the stray CR.
        cal = Calendar.from_ical(f.read().replace(b"\r\r\n", b"\r\n"))
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
            "organizer": person(component["ORGANIZER"]) if str(component.get("ORGANIZER") or "").strip() else None,
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
