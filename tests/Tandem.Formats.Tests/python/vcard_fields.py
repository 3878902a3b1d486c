#!/usr/bin/python3
"""Independent oracle for the vCard codec tests: reads .vcf files with python3-vobject (Debian) and prints, per
file, the fields of each card as JSON. The C# test compares them with what Tandem's codec reads.

Usage: vcard_fields.py FILE...   (prints {"FILE": [card, ...] | {"error": "..."}})
"""
import json
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
    out["emails"] = [text(e.value) for e in card.contents.get("email", [])]
    out["tels"] = [text(t.value) for t in card.contents.get("tel", [])]
    for name in ("title", "role", "note", "uid", "url", "nickname", "bday"):
        out[name] = first(card, name)
    cats = []
    for c in card.contents.get("categories", []):
        cats.extend(str(x).strip() for x in (c.value if isinstance(c.value, list) else [c.value]))
    out["categories"] = [c for c in cats if c]
    return out


def read(path):
    raw = open(path, "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        data = raw.decode("utf-8")
    except UnicodeDecodeError:
        data = raw.decode("cp1252", errors="replace")
    try:
        return [card_fields(c) for c in vobject.readComponents(data, ignoreUnreadable=False)]
    except Exception as exc:  # the oracle reports, the C# side decides
        return {"error": f"{type(exc).__name__}: {exc}"}


def main():
    result = {path: read(path) for path in sys.argv[1:]}
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
