#!/usr/bin/python3
"""Independent oracle for the vCard codec tests: reads .vcf files with python3-vobject (Debian) and prints, per
file, the fields of each card as JSON. The C# test compares them with what Tandem's codec reads.

Usage: vcard_fields.py FILE...   (prints {"FILE": [card, ...] | {"error": "..."}})
"""
import codecs
import json
import re
import sys

import vobject


def text(value):
    if value is None:
        return None
    if isinstance(value, list):
        value = ",".join(str(v) for v in value)
    value = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return value if value != "" else None


def first(card, name):
    items = card.contents.get(name.lower())
    return text(items[0].value) if items else None


def card_fields(card):
    out = {}
    out["fn"] = first(card, "fn")
    n = card.contents.get("n")
    if n:
        v = n[0].value
        out["n"] = [text(v.family), text(v.given), text(v.additional), text(v.prefix), text(v.suffix)]
    org = card.contents.get("org")
    if org:
        out["org"] = [text(x) for x in org[0].value]
    out["adr"] = [[text(a.value.box), text(a.value.extended), text(a.value.street), text(a.value.city), text(a.value.region),
                   text(a.value.code), text(a.value.country)] for a in card.contents.get("adr", [])]
    out["emails"] = [text(e.value) for e in card.contents.get("email", [])]
    out["tels"] = [text(t.value) for t in card.contents.get("tel", [])]
    for name in ("title", "role", "note", "uid", "url", "nickname", "bday"):
        out[name] = first(card, name)
    cats = []
    for c in card.contents.get("categories", []):
        cats.extend(str(x).strip() for x in (c.value if isinstance(c.value, list) else [c.value]))
    out["categories"] = [c for c in cats if c]
    return out


def _cp1252byte(error):
    bad = error.object[error.start:error.end]
    return bad.decode("cp1252", errors="replace"), error.end


codecs.register_error("cp1252byte", _cp1252byte)


def has_utf8_sequence(raw):
    return re.search(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}", raw) is not None


def read(path):
    raw = open(path, "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        data = raw.decode("utf-8")
    except UnicodeDecodeError:
        # Damaged UTF-8 is decided per value, as Tandem does: valid sequences stay UTF-8, each stray byte is read as
        # Windows-1252; a file with no UTF-8 sequence at all is Windows-1252.
        data = raw.decode("utf-8", errors="cp1252byte") if has_utf8_sequence(raw) else raw.decode("cp1252", errors="replace")
    try:
        return [card_fields(c) for c in vobject.readComponents(data, ignoreUnreadable=False)]
    except Exception as exc:  # the oracle reports, the C# side decides
        # vobject refuses property names with "/" (KAddressBook's X-messaging/aim-All); Tandem keeps those as extras,
        # which are not compared, so the rest of such a file is still compared without them.
        odd = re.compile(r"^[A-Za-z0-9.-]*[/+!#$%&*@~][^:;]*[:;]")
        cleaned = "\n".join(line for line in data.splitlines() if not odd.match(line))
        if cleaned.count("\n") + 1 == len(data.splitlines()):
            return {"error": f"{type(exc).__name__}: {exc}"}
        try:
            return [card_fields(c) for c in vobject.readComponents(cleaned, ignoreUnreadable=False)]
        except Exception as again:
            return {"error": f"{type(again).__name__}: {again}"}


def main():
    result = {path: read(path) for path in sys.argv[1:]}
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
