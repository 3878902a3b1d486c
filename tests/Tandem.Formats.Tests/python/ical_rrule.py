"""Oracle for RRULE expansion: python3-dateutil's rrule.

Reads a JSON list of cases on stdin: {"id", "start": "YYYYMMDDTHHMMSS", "rule": "FREQ=...", "max": N,
"end": "YYYYMMDDTHHMMSS"}. The start is first moved to the rule's first occurrence on or after it (RFC 5545
counts DTSTART as an occurrence, dateutil only counts matching ones; on a matching start they agree).
Prints a JSON list of {"id", "start", "occurrences": [...]} with naive wall-clock times.
"""
import json
import sys
from datetime import datetime

from dateutil.rrule import rrulestr

FMT = "%Y%m%dT%H%M%S"


def strip_bounds(rule):
    return ";".join(p for p in rule.split(";") if not p.upper().startswith(("COUNT=", "UNTIL=")))


def main():
    cases = json.load(sys.stdin)
    out = []
    for case in cases:
        start = datetime.strptime(case["start"], FMT)
        end = datetime.strptime(case["end"], FMT)
        unbounded = rrulestr(strip_bounds(case["rule"]), dtstart=start)
        first = unbounded.after(start, inc=True)
        if first is None or first >= end:
            out.append({"id": case["id"], "start": None, "occurrences": []})
            continue
        rule = rrulestr(case["rule"], dtstart=first)
        occurrences = []
        for occurrence in rule:
            if occurrence >= end or len(occurrences) >= case["max"]:
                break
            occurrences.append(occurrence.strftime(FMT))
        out.append({"id": case["id"], "start": first.strftime(FMT), "occurrences": occurrences})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
