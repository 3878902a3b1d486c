"""What the exchangelib oracle scripts share: the service account impersonating a lab mailbox, and a folder by path.

Copied next to every test project's python/ scripts (Tandem.Testing.csproj), so `from lab_account import ...` works.
"""
from exchangelib import Account, Configuration, Credentials, IMPERSONATION


def account(url, mailbox):
    config = Configuration(service_endpoint=url, credentials=Credentials("tandem@lab.test", "lab"), auth_type="basic")
    return Account(primary_smtp_address=mailbox, config=config, autodiscover=False, access_type=IMPERSONATION)


def folder(acc, path):
    """A folder by its path under the mailbox's message root, e.g. "Inbox/Clients"."""
    f = acc.msg_folder_root
    for part in path.split("/"):
        f = f / part
    return f
