"""Mail and mail folders in the Tandem lab as an independent EWS client (Debian's python3-exchangelib) makes them.

Usage: exchangelib_mail.py EWS_URL ACTION MAILBOX PATH [ARG...]
  PATH: a folder path under the mailbox's message root, e.g. "Inbox" or "Inbox/Clients"
  ACTION:
    put SUBJECT FROM   save a message made from MIME text (MessageDisposition SaveOnly: nothing is sent)
    mkdir              create the folder PATH (a mail folder)
    rename NEW_NAME    rename the folder PATH
    delete             delete the folder PATH (hard delete)
Prints one JSON line: {"ok": true}.
"""
import json
import logging
import sys

from exchangelib import Message
from exchangelib.folders import Folder

from lab_account import account, folder

logging.basicConfig(level=logging.WARNING)
URL, ACTION, MAILBOX, PATH = sys.argv[1:5]
ARGS = sys.argv[5:]


def main():
    acc = account(URL, MAILBOX)
    if ACTION == "put":
        subject, sender = ARGS
        slug = "".join(c if c.isalnum() else "-" for c in subject.lower())
        mime = (
            f"From: {sender}\r\nTo: {MAILBOX}\r\nSubject: {subject}\r\n"
            f"Date: Tue, 03 Mar 2026 09:00:00 +0000\r\nMessage-ID: <{slug}@lab.test>\r\n"
            "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            f"{subject}: the body.\r\n"
        ).encode("utf-8")
        Message(account=acc, folder=folder(acc, PATH), mime_content=mime).save()
    elif ACTION == "mkdir":
        parent, _, name = PATH.rpartition("/")
        Folder(parent=folder(acc, parent), name=name, folder_class="IPF.Note").save()
    elif ACTION == "rename":
        f = folder(acc, PATH)
        f.name = ARGS[0]
        f.save(update_fields=["name"])
    elif ACTION == "delete":
        folder(acc, PATH).delete()
    else:
        raise SystemExit("unknown action " + ACTION)
    print(json.dumps({"ok": True}))


main()
