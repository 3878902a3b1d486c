"""Another CalDAV client (Debian's python3-caldav) for the tests: `put` saves the iCalendar on stdin into a calendar,
`get UID` prints an event's data as the server holds it. Prints one JSON object."""
import json
import sys

import caldav

mode, url, user, password, calendar_url = sys.argv[1:6]
client = caldav.DAVClient(url=url, username=user or None, password=password or None)
calendar = caldav.Calendar(client=client, url=calendar_url)
if mode == "put":
    event = calendar.save_event(sys.stdin.read())
    print(json.dumps({"url": str(event.url)}))
else:
    event = calendar.event_by_uid(sys.argv[6])
    print(json.dumps({"data": event.data}))
