"""Shared by the actions tests: flatfile-plugins' Playground workbook (tests/data/flatfile/actions),
with actions of every kind of mount and constraint added, the sample listener shipped in
resources/, a listener of every mount, and people to import."""

import json

from support import ROOT

PLAYGROUND = json.loads((ROOT / "tests" / "data" / "flatfile" / "actions" / "playground.json").read_text())
SAMPLE = ROOT / "resources" / "listeners" / "sample_listener.py"
PEOPLE = "firstName,lastName,email\n  Ana ,Lima,ANA@X.ORG\nBo,Ek,bo@x.org\nBo,Ek,Bo@X.org \nCy,,nope\n"

# A listener of every kind of mount, for the Space's listeners/ folder
EVERY_MOUNT = '''
def register(listener):
    listener.on("job:ready", {"job": "workbook:greet"}, greet)
    listener.on("job:ready", {"job": "sheet:capitalize"}, capitalize)
    listener.on("job:ready", {"job": "document:publish"}, lambda e: e.job.complete({"message": "published"}))
    listener.on("job:ready", {"job": "file:peek"}, lambda e: e.job.complete({"message": f"file {e.context['fileId']}"}))
    listener.filter({"job": "sheet:*"}, lambda l: l.on("job:ready", {"operation": "explode"}, explode))
    listener.on("job:ready", {"job": "sheet:slow"}, slow)
    listener.on("job:ready", {"job": "sheet:submitValid"}, lambda e: e.job.complete())
    for topic in ("records:created", "records:deleted", "file:created", "document:created", "job:completed"):
        listener.on(topic, note)
    listener.on("records:updated", {"sheet": "getting_started"}, touch)
    listener.on("job:ready", {"job": "sheet:waitForMarker"}, wait_for_marker)
    listener.on("job:ready", {"job": "sheet:sloppy"}, lambda e: e.job.complete({"heading": 5, "next": {"type": "x"}}))
    listener.on("job:ready", {"job": "sheet:interrupted"}, interrupted)

def interrupted(event):
    raise KeyboardInterrupt

def wait_for_marker(event):  # runs until the test puts a file in the Space's folder
    import time
    marker = event.session.space.folder / "go-on"
    event.job.ack("waiting for the marker", 10)
    while not marker.exists():
        time.sleep(0.01)
    event.job.complete({"message": "went on"})

def note(event):
    with open(event.session.space.folder / "events.log", "a") as log:
        log.write(event.topic + " " + str(event.context.get("sheetSlug") or event.context.get("fileId")
                                          or event.context.get("documentId") or "") + chr(10))

def touch(event):  # writes on records:updated: its own write tells no one (no loop)
    note(event)
    sheet = str(event.context["sheetSlug"])
    recs = [r for r in event.session.records.list(sheet, limit=100) if r.values["firstName"] == "Ana Maria"]
    if recs:  # only the test that renames Ana
        event.session.records.update(sheet, {recs[0].rid: {"lastName": "touched"}})

def greet(event):
    event.job.ack("greeting", 50)
    event.job.complete({"heading": "Hello", "message": "Hello, " + event.input["name"] + "!"})

def capitalize(event):
    key, sheet = event.context["fieldKey"], str(event.context["workbookId"]) + "/" + event.context["sheetSlug"]
    recs = event.session.records.list(sheet, limit=100)
    event.session.records.update(sheet, {r.rid: {key: r.values[key].upper()} for r in recs if r.values.get(key)})
    event.job.complete({"message": "capitalized " + key})

def explode(event):
    raise RuntimeError("the listener broke")

def slow(event):
    for p in range(0, 101, 10):
        event.job.update(p, "working")
'''


def blueprint(extra_sheet_actions=(), field_actions=()):
    bp = json.loads(json.dumps(PLAYGROUND))
    sheet = bp["sheets"][0]
    sheet["actions"] += list(extra_sheet_actions)
    if field_actions:
        sheet["fields"][0]["actions"] = list(field_actions)
    bp["actions"].append({"operation": "greet", "label": "Greet", "mode": "foreground", "inputForm": {
        "type": "simple", "fields": [{"key": "name", "label": "Your name", "type": "string",
                                      "constraints": [{"type": "required"}]}]}})
    return bp


def every_kind():
    """The Playground with a field action on a column, one declared on a field, a failing one, one
    that needs a selection and one that needs every record valid."""
    return blueprint(
        [{"operation": "capitalize", "label": "Capitalize", "mount": {"type": "field", "keys": ["lastName"]}},
         {"operation": "explode", "label": "Explode"},
         {"operation": "slow", "label": "Slow", "constraints": [{"type": "hasSelection"}]},
         {"operation": "submitValid", "label": "Only when valid", "constraints": [{"type": "hasAllValid"}]},
         {"operation": "waitForMarker", "label": "Wait", "mode": "background", "confirm": False},
         {"operation": "sloppy", "label": "Sloppy"}, {"operation": "interrupted", "label": "Interrupted"}],
        [{"operation": "capitalize", "label": "Capitalize first names"}])


