"""Contact photos through Debian's python3-exchangelib, an independent EWS client, against the Tandem lab.

Usage: exchangelib_photo.py EWS_URL write|read FOLDER GIVEN_NAME [BASE64]
write: creates a contact in alice's Contacts/FOLDER with a contact-photo attachment (CreateAttachment, IsContactPhoto).
read: finds the contact and prints its contact photo (GetAttachment) and HasPicture.
Prints one JSON object as its last line; exits non-zero on failure.
"""
import base64
import json
import logging
import sys

from exchangelib import Account, Configuration, Contact, Credentials, DELEGATE, FileAttachment
from exchangelib.protocol import BaseProtocol

logging.basicConfig(level=logging.WARNING)
URL, MODE, FOLDER, NAME = sys.argv[1:5]
BaseProtocol.USERAGENT = "tandem-ews-tests"

config = Configuration(service_endpoint=URL, credentials=Credentials("alice@lab.test", "lab"), auth_type="basic")
account = Account(primary_smtp_address="alice@lab.test", config=config, autodiscover=False, access_type=DELEGATE)
folder = account.contacts / FOLDER

if MODE == "write":
    contact = Contact(folder=folder, given_name=NAME, surname="Oracle", display_name=NAME + " Oracle")
    contact.save()
    contact.attach(FileAttachment(name="ContactPicture.jpg", content=base64.b64decode(sys.argv[5]), is_contact_photo=True))
    print(json.dumps({"created": True}))
else:
    contact = folder.get(given_name=NAME)
    photos = [a for a in contact.attachments if isinstance(a, FileAttachment) and a.is_contact_photo]
    print(json.dumps({
        "photos": len(photos),
        "photo": base64.b64encode(photos[0].content).decode() if photos else None,
        "has_picture": contact.has_picture,
    }))
