"""A sample listener for Flatspace Desktop, for the Flatfile "Playground" workbook (the
getting_started sheet: firstName, lastName, email) and the Contacts sheet of the sample
blueprint beside this folder (resources/sample_blueprint.json). Their Submit actions need no
listener: the built-in submit writes the valid records to a folder.

Put it in a Space's listeners/ folder (`flatspace listeners add SPACE this-file`), then allow
the folder to run on this computer (`flatspace listeners allow SPACE`, or the Space's settings).

It shows each part of the API:
  - a record hook: names trimmed, emails lower-cased and checked, on import and on every edit;
  - a sheet action's job (sheet:dedupeEmail): progress, the work through the session, an outcome;
  - a workbook action's job with an input form (workbook:greet, its one field `name`).
"""

import re

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def register(listener):
    for sheet in ("getting_started", "contacts"):
        listener.bulk_record_hook(sheet, clean_people)
    listener.on("job:ready", {"job": "sheet:dedupeEmail"}, dedupe_emails)
    listener.on("job:ready", {"job": "workbook:greet"}, greet)


def clean_people(records, event):
    for record in records:
        for key in ("firstName", "lastName"):
            record.compute(key, lambda v: " ".join(v.split()) if isinstance(v, str) else v)
        email = record.get("email")
        if isinstance(email, str):
            record.compute("email", lambda v: v.strip().lower())
            if not EMAIL.match(record.get("email")):
                record.add_error("email", "This is not an email address")
        elif email is None:
            record.add_warning("email", "No email: this person cannot be reached")


def dedupe_emails(event):
    job, session = event.job, event.session
    sheet = f"{event.context['workbookId']}/{event.context['sheetSlug']}"
    job.ack("Looking for duplicate emails", 10)
    plan = session.prep.dedupe(sheet, ["email"], match="loose", keep="merge", preview=True)
    job.update(50, f"{plan['remove']:,} duplicates found")
    if not plan["remove"]:
        return job.complete({"heading": "No duplicates", "message": "Every email is there once."})
    done = session.prep.dedupe(sheet, ["email"], match="loose", keep="merge")
    job.complete({"heading": "Duplicates removed",
                  "message": f"Removed {done['removed']:,} record(s) that repeated an email; Ctrl+Z puts them back.",
                  "next": {"type": "id", "id": str(event.context["sheetId"]), "label": "Show the sheet"}})


def greet(event):
    name = event.input.get("name") or "there"
    event.job.complete({"heading": "Hello", "message": f"Hello, {name}!"})
