"""Edits the Tandem lab as an independent EWS client (Debian's python3-exchangelib) would: the service under test must
carry each change to every member on its own.

Usage: exchangelib_edit.py EWS_URL ACTION FOLDER NAME [VALUE]
  FOLDER: "public:Company Contacts" or "MAILBOX:Contacts/Company" (reached by impersonation as tandem@lab.test)
  ACTION: create (VALUE = job title) | retitle (VALUE = new job title) | delete
          | delete-first (NAME ignored, VALUE = how many: the first contacts by name, in one DeleteItem request)
          | count (NAME ignored: how many contacts the folder holds)
Prints one JSON line: {"ok": true, "count": N} with the number of contacts it acted on.
"""
import json
import logging
import sys

from exchangelib import Account, Configuration, Credentials, IMPERSONATION, Contact

logging.basicConfig(level=logging.WARNING)
URL, ACTION, FOLDER, NAME = sys.argv[1:5]
VALUE = sys.argv[5] if len(sys.argv) > 5 else None


def folder():
    where, path = FOLDER.split(":", 1)
    config = Configuration(service_endpoint=URL, credentials=Credentials("tandem@lab.test", "lab"), auth_type="basic")
    mailbox = "tandem@lab.test" if where == "public" else where
    account = Account(primary_smtp_address=mailbox, config=config, autodiscover=False, access_type=IMPERSONATION)
    if where == "public":
        return account.public_folders_root / path
    f = account.msg_folder_root
    for part in path.split("/"):
        f = f / part
    return f


def main():
    f = folder()
    if ACTION == "create":
        given, surname = NAME.split(" ", 1)
        Contact(folder=f, given_name=given, surname=surname, display_name=NAME, job_title=VALUE).save()
        count = 1
    elif ACTION == "count":
        count = f.all().count()
    elif ACTION == "delete-first":
        found = list(f.all().order_by("display_name").only("display_name", "changekey")[: int(VALUE)])
        f.account.bulk_delete(found)
        count = len(found)
    else:
        found = [c for c in f.all().only("display_name", "job_title", "changekey") if c.display_name == NAME]
        for c in found:
            if ACTION == "retitle":
                c.job_title = VALUE
                c.save(update_fields=["job_title"])
            elif ACTION == "delete":
                c.delete()
            else:
                raise SystemExit("unknown action " + ACTION)
        count = len(found)
    print(json.dumps({"ok": True, "count": count}))


main()
