"""Actions and listeners on a real Flatfile configuration (flatfile-plugins' Playground
workbook, tests/data/flatfile/actions) and the sample listener shipped in resources/: each kind
of mount and constraint, jobs with progress and outcomes, record hooks on import and edit,
built-in actions, and listener code that does not run until it is allowed here."""

import json
import shutil
import sys

import pytest

from actions_data import EVERY_MOUNT, PEOPLE, PLAYGROUND, SAMPLE, blueprint, every_kind
from support import run_cli, run_cli_json, write
from flatspace_desktop.domain.actions import Situation, parse_action, parse_actions, refusal
from flatspace_desktop.domain.errors import InvalidInput, NotFound


@pytest.fixture
def play(fs, admin, tmp_path):
    s = fs.open(admin, fs.create_space(admin, "Play", blueprint=every_kind())["id"])
    folder = s.space.folder / "listeners"
    write(folder / "every_mount.py", EVERY_MOUNT)
    shutil.copy(SAMPLE, folder / SAMPLE.name)
    s.listeners(allow=True)
    s.records.import_file("getting_started", write(tmp_path / "people.csv", PEOPLE))
    return s


def names(s):
    return {r.values["firstName"]: r.values for r in s.records.list("getting_started", limit=100)}


def test_a_real_blueprints_actions_are_read_with_flatfiles_names():
    wb = parse_actions(PLAYGROUND["actions"], "workbook")
    assert [(a.operation, a.label, a.primary, a.mode, a.job) for a in wb] == [
        ("submitActionFg", "Submit data", True, "foreground", "workbook:submitActionFg"),
        ("duplicateWorkbook", "Duplicate", False, "foreground", "workbook:duplicateWorkbook")]
    sheet = parse_actions(PLAYGROUND["sheets"][0]["actions"], "sheet")
    assert [(a.job, a.mode, a.description) for a in sheet] == [
        ("sheet:duplicateSheet", "foreground", "Duplicate this sheet."),
        ("sheet:dedupeEmail", "background", "Remove duplicate emails")]
    old = parse_action({"slug": "go", "label": "Go", "requireAllValid": True, "requireSelection": True}, "sheet")
    assert old.operation == "go" and old.constraints == ("hasAllValid", "hasSelection") and old.confirm


@pytest.mark.parametrize("raw, message", [
    ({"label": "x"}, "action.operation: is missing"),
    ({"operation": "x", "constraints": [{"type": "hasLuck"}]}, "action.constraints[0].type: 'hasLuck' is not a constraint"),
    ({"operation": "x", "mode": "now"}, "action.mode: 'now' is not a mode"),
    ({"operation": "x", "inputForm": {"type": "simple", "fields": [{"key": "k", "type": "date"}]}},
     "action.inputForm.fields[0].type: 'date' is not an input type"),
    ({"operation": "x", "inputForm": {"type": "simple", "fields": [{"key": "k", "type": "enum"}]}},
     "action.inputForm.fields[0].config.options: an enum needs its options"),
])
def test_a_bad_action_is_refused_with_its_place(raw, message):
    with pytest.raises(InvalidInput, match="^" + message.replace("(", r"\(").replace("[", r"\[")):
        parse_action(raw, "sheet")


def test_each_constraint_says_why_the_action_is_off():
    a = parse_action({"operation": "x", "constraints": [{"type": "hasData"}, {"type": "hasSelection"},
                                                         {"type": "hasAllValid"}, {"type": "hasColumnEnabled"}]}, "field")
    assert refusal(a, Situation()) == "There are no records yet"
    assert refusal(a, Situation(records=5)) == "Select one or more records first"
    assert refusal(a, Situation(records=5, errors=2, selected=2, selected_errors=1)).startswith("1 of the selected")
    assert refusal(a, Situation(records=5, errors=2, selected=2)) is None  # the selected ones are valid
    assert refusal(a, Situation(records=5, selected=1, column_readonly=True)) == "The column is read-only"
    whole = parse_action({"operation": "x", "constraints": [{"type": "hasAllValid", "ignoreSelection": True}]}, "sheet")
    assert "every record must be valid" in refusal(whole, Situation(records=5, errors=2, selected=1))


def test_an_input_form_is_checked_before_the_job(play):
    form = parse_action({"operation": "x", "inputForm": {"type": "simple", "fields": [
        {"key": "n", "label": "Count", "type": "number", "defaultValue": 3},
        {"key": "ok", "label": "Sure", "type": "boolean"},
        {"key": "tier", "label": "Tier", "type": "enum", "config": {"options": [{"value": 1, "label": "Gold"}]},
         "constraints": [{"type": "required"}]}]}}, "sheet")
    assert form.check_input({"tier": "1", "ok": "yes"}) == {"n": 3, "ok": True, "tier": 1}
    with pytest.raises(InvalidInput, match="Tier: is required"):
        form.check_input({})
    with pytest.raises(InvalidInput, match="Count: 'many' is not a number"):
        form.check_input({"n": "many", "tier": 1})
    greet = play.jobs.find("greet", workbook="Playground")
    with pytest.raises(InvalidInput, match="Your name: is required"):
        play.jobs.run(greet, {})
    job = play.jobs.run(greet, {"name": "Ana"})
    assert job["status"] == "complete" and job["outcome"]["message"] == "Hello, Ana!" and job["input"] == {"name": "Ana"}


def test_actions_of_every_mount_run_through_the_listeners(play, tmp_path):
    sheet = play.jobs.actions(sheet="getting_started")
    by_op = {(a["operation"], a["field"]): a for a in sheet}
    assert by_op[("dedupeEmail", None)]["handledBy"] == "listeners/sample_listener.py"
    assert by_op[("duplicateSheet", None)]["primary"] and "Nothing on this computer handles" in \
        by_op[("duplicateSheet", None)]["refused"]
    # a field action: declared in the field's config, and one mounted on a column by the sheet
    assert by_op[("capitalize", "firstName")]["domain"] == "field"
    assert by_op[("capitalize", "lastName")]["keys"] == ["lastName"]
    done = play.jobs.run(play.jobs.find("capitalize", sheet="getting_started", field="lastName"))
    assert done["status"] == "complete" and names(play)["Ana"]["lastName"] == "LIMA"
    # a document's action, a file's action (a listener mounts those on the file)
    doc = play.documents.add("Guide", "Read me", actions=[{"operation": "publish", "label": "Publish"}])
    assert play.jobs.run(play.jobs.find("publish", document=doc["id"]))["outcome"]["message"] == "published"
    f = play.files.upload(write(tmp_path / "more.csv", PEOPLE))
    play.jobs.set_file_actions(f["id"], [{"operation": "peek", "label": "Peek"}])
    assert play.jobs.run(play.jobs.find("peek", file=f["id"]))["outcome"]["message"] == f"file {f['id']}"
    # the sample listener's job: progress, the work through the session, an outcome
    job = play.jobs.run(play.jobs.find("dedupeEmail", sheet="getting_started"))
    assert job["status"] == "complete" and job["outcome"]["heading"] == "Duplicates removed"
    assert sorted(names(play)) == ["Ana", "Bo", "Cy"] and play.undo.next("getting_started")["label"]


def test_constraints_hold_when_run_and_a_failing_listener_fails_only_its_job(play):
    slow = play.jobs.find("slow", sheet="getting_started")
    with pytest.raises(InvalidInput, match="“Slow” cannot run now: Select one or more records first"):
        play.jobs.run(slow)
    rids = [r.rid for r in play.records.list("getting_started", limit=2)]
    seen = []
    assert play.jobs.run(slow, rids=rids, progress=seen.append)["status"] == "complete" and seen[-1] == 100
    valid = play.jobs.find("submitValid", sheet="getting_started")
    shown = next(a for a in play.jobs.actions(sheet="getting_started") if a["operation"] == "submitValid")
    assert shown["refused"] == "1 records have errors: every record must be valid first"
    with pytest.raises(InvalidInput, match="every record must be valid"):
        play.jobs.run(valid)
    before = names(play)
    job = play.jobs.run(play.jobs.find("explode", sheet="getting_started"))
    assert job["status"] == "failed" and "RuntimeError: the listener broke" in job["outcome"]["message"]
    assert names(play) == before and [j["status"] for j in play.jobs.list()][0] == "failed"
    cancelled = play.jobs.run(slow, rids=rids, cancelled=lambda: True)
    assert cancelled["status"] == "canceled"


def test_record_hooks_run_on_import_and_edit_and_are_the_hooks_in_history(play):
    people = names(play)
    assert people["Ana"]["firstName"] == "Ana" and people["Ana"]["email"] == "ana@x.org"  # trimmed, lower-cased
    cy = next(r for r in play.records.list("getting_started", limit=10) if r.values["firstName"] == "Cy")
    assert cy.n_err == 1 and [m["message"] for m in cy.messages["email"]] == ["This is not an email address"]
    assert cy.messages["email"][0]["source"] == "custom-logic"  # Flatfile's ValidationSource for a listener's
    ana = next(r for r in play.records.list("getting_started", limit=10) if r.values["firstName"] == "Ana")
    assert ana.updated_by == "hook:listeners/sample_listener.py"
    play.records.update("getting_started", {cy.rid: {"email": "  CY@Example.COM "}})
    cy = play.records.by_id("getting_started", [cy.rid])[0]
    assert cy.values["email"] == "cy@example.com" and cy.n_err == 0  # the hook's message went with its cause
    play.undo.undo("getting_started")  # the person's edit and what the hook made of it, together
    assert play.records.by_id("getting_started", [cy.rid])[0].values["email"] == "nope"
    rid = play.records.add("getting_started", [{"firstName": " Di  Ro ", "email": "DI@X.ORG"}])[0]
    assert play.records.by_id("getting_started", [rid])[0].values == {"firstName": "Di Ro", "lastName": None,
                                                                      "email": "di@x.org"}


def test_listeners_of_a_space_do_not_run_until_allowed_here(fs, admin, tmp_path, monkeypatch):
    sid = fs.create_space(admin, "Sent to me", blueprint=blueprint())["id"]
    s = fs.open(admin, sid)
    s.add_listener(SAMPLE)
    assert s.listeners()["state"] == "off"
    s.records.import_file("getting_started", write(tmp_path / "p.csv", PEOPLE))
    assert names(s)["  Ana "]["email"] == "ANA@X.ORG"  # the hook did not run
    assert s.jobs.actions(sheet="getting_started")[1]["handledBy"] is None
    assert "this Space's listeners may, once allowed" in s.jobs.actions(sheet="getting_started")[1]["refused"]
    s.listeners(allow=True)
    assert s.listeners()["state"] == "on"
    with open(s.space.folder / "listeners" / SAMPLE.name, "a") as fh:
        fh.write("\n# changed after it was allowed\n")
    assert s.listeners()["state"] == "changed" and s.jobs.actions(sheet="getting_started")[1]["handledBy"] is None
    s.listeners(allow=True)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "another-computer"))  # the Space copied elsewhere
    fs.automation._folders.clear()
    assert s.listeners()["state"] == "off"


def test_built_in_actions_delete_download_and_submit(play, tmp_path):
    deleted = play.jobs.run(play.jobs.find("deleteInvalidRecords", sheet="getting_started"))
    assert deleted["status"] == "complete" and "Cy" not in names(play) and len(play.records.list("getting_started")) == 3
    play.undo.undo("getting_started")
    assert "Cy" in names(play)
    out = tmp_path / "view.csv"
    job = play.jobs.run(play.jobs.find("downloadFiltered", sheet="getting_started"), {"path": str(out), "format": "csv"})
    assert job["status"] == "complete" and out.read_text().count("\n") == 5
    marker = tmp_path / "took.txt"
    script = write(tmp_path / "take.py", f"import sys\nopen({str(marker)!r}, 'w').write('\\n'.join(sys.argv[1:]))\n")
    play.jobs.submit_settings(str(tmp_path / "out"), "json", f"{sys.executable} {script}")
    job = play.jobs.run(play.jobs.find("submitActionFg", workbook="Playground"))
    assert job["status"] == "complete" and "took them" in job["outcome"]["message"]
    sent = marker.read_text().split("\n")
    assert len(sent) == 1 and sent[0].endswith("getting_started.json")
    assert len(json.loads(open(sent[0]).read())) == 3  # the valid records only


def test_the_command_line_lists_and_runs_actions_and_jobs(play, capsys):
    sid = play.id
    code, out, _ = run_cli(capsys, "action", "list", sid, "--sheet", "getting_started")
    assert code == 0 and "dedupeEmail" in out and "listeners/sample_listener.py" in out
    job = run_cli_json(capsys, "action", "run", sid, "greet", "--workbook", "Playground", "--input", '{"name": "Bo"}')
    assert job["outcome"]["message"] == "Hello, Bo!"
    code, _out, err = run_cli(capsys, "action", "run", sid, "duplicateSheet", "--sheet", "getting_started")
    assert code != 0 and "Nothing on this computer handles sheet:duplicateSheet" in err
    assert run_cli_json(capsys, "jobs", sid)[0]["job"] == "workbook:greet"
    status = run_cli_json(capsys, "listeners", "status", sid)
    assert status["state"] == "on" and status["files"] == ["every_mount.py", "sample_listener.py"]


def test_the_command_lines_odd_inputs_get_one_line_each(play, capsys):
    """Found by a new user's trial: each of these printed a traceback."""
    sid, big = play.id, "99999999999999999999"
    deep = '{"name": ' + "[" * 5000 + "]" * 5000 + "}"
    for args, line in [
            (("--select", "abc"), "--select takes record ids separated by commas"),
            (("--select", big), "no record 99999999999999999999"),
            (("--input", deep), "--input nests too deeply"),
            (("--input", '{"name": [["x"]]}'), "Your name: takes one value, not a JSON list")]:
        where = ("--workbook", "Playground") if "--input" in args else ("--sheet", "getting_started")
        action = "greet" if "--input" in args else "dedupeEmail"
        code, _out, err = run_cli(capsys, "action", "run", sid, action, *where, *args)
        assert code != 0 and err.count("\n") == 1 and line in err and "Traceback" not in err, (args, err)
    code, out, err = run_cli(capsys, "jobs", sid, "--limit", big)
    assert code == 0 and not err


def test_an_installed_listener_runs_for_every_space(fs, admin, tmp_path, monkeypatch):
    """Installed by this computer's user (entry point group flatspace.listeners): no allowance."""
    site = tmp_path / "site"
    write(site / "shop_listeners.py", "def setup(listener):\n    listener.on('job:ready', {'job': 'workbook:greet'}, "
                                      "lambda e: e.job.complete({'message': 'hi from the shop'}))\n")
    write(site / "shop_listeners-1.0.dist-info" / "METADATA", "Metadata-Version: 2.1\nName: shop-listeners\nVersion: 1.0\n")
    write(site / "shop_listeners-1.0.dist-info" / "entry_points.txt", "[flatspace.listeners]\nshop = shop_listeners:setup\n")
    monkeypatch.syspath_prepend(str(site))
    fs.automation._installed = None
    s = fs.open(admin, fs.create_space(admin, "Any", blueprint=blueprint())["id"])
    assert s.listeners()["installed"] == ["shop (shop_listeners:setup)"] and s.listeners()["state"] == "absent"
    job = s.jobs.run(s.jobs.find("greet", workbook="Playground"), {"name": "x"})
    assert job["outcome"]["message"] == "hi from the shop"


def test_writes_tell_the_listeners_of_their_events_once_committed(play, tmp_path):
    log = play.space.folder / "events.log"
    play.app.automation.settle()
    assert log.read_text().splitlines() == ["records:created getting_started"]  # the fixture's import
    f = play.files.upload(write(tmp_path / "x.csv", PEOPLE))
    play.documents.add("Notes", "")
    rid = play.records.list("getting_started", limit=1)[0].rid
    play.records.update("getting_started", {rid: {"firstName": "Ana Maria"}})
    play.app.automation.settle()
    assert play.records.by_id("getting_started", [rid])[0].values["lastName"] == "touched"  # once: no loop
    play.jobs.run(play.jobs.find("greet", workbook="Playground"), {"name": "x"})
    with pytest.raises(InvalidInput):
        with play.write("records.add", {"sheet": "getting_started"}):
            raise InvalidInput("rolled back")  # a write that did not happen tells no one
    play.app.automation.settle()  # listeners hear of writes on their own thread, in order
    assert log.read_text().splitlines()[1:] == [f"file:created {f['id']}", "document:created " +
                                                str(play.documents.list()[-1]["id"]),
                                                "records:updated getting_started", "job:completed "]


def test_a_slow_event_listener_never_holds_up_the_write_and_is_waited_for_at_close(play, fs):
    folder = play.space.folder
    write(folder / "listeners" / "slow_notes.py", (
        "import time\n"
        "def register(l):\n    l.on('document:created', wait)\n"
        "def wait(event):\n"
        "    folder = event.session.space.folder\n"
        "    while not (folder / 'go-on').exists():\n        time.sleep(0.01)\n"
        "    event.session.documents.add('From the listener', '')\n"))
    play.listeners(allow=True)
    play.documents.add("Notes", "")  # returns while the listener waits
    assert [d["title"] for d in play.documents.list()][-1] == "Notes"
    assert not play.app.automation.settle(timeout=0.2)
    (folder / "go-on").write_text("")
    fs.close()  # the events still posted are handled first
    assert [d["title"] for d in play.documents.list()][-2:] == ["Notes", "From the listener"]


def test_a_listeners_mistakes_show_and_never_leave_a_job_running(play):
    """Found by a new user's trial: a bad outcome broke the outcome box, Ctrl+C left a job
    "executing", a failing hook said nothing, an unknown selection ran."""
    job = play.jobs.run(play.jobs.find("sloppy", sheet="getting_started"))
    assert job["outcome"]["heading"] == "5" and "next" not in job["outcome"]
    assert "is not one Flatfile knows" in job["outcome"]["message"]
    with pytest.raises(KeyboardInterrupt):
        play.jobs.run(play.jobs.find("interrupted", sheet="getting_started"))
    assert play.jobs.list()[0]["status"] == "canceled"
    with pytest.raises(NotFound, match="no record 999"):
        play.jobs.run(play.jobs.find("slow", sheet="getting_started"), rids=[999])
    write(play.space.folder / "listeners" / "bad_hook.py",
          "def register(l):\n    l.bulk_record_hook('getting_started', lambda records, event: 1 / 0)\n")
    play.listeners(allow=True)
    rid = play.records.list("getting_started", limit=1)[0].rid
    said = play.records.update("getting_started", {rid: {"lastName": "Kept"}})
    assert said == ["record hook of listeners/bad_hook.py failed on a record: ZeroDivisionError: division by zero"]
    assert play.records.by_id("getting_started", [rid])[0].values["lastName"] == "Kept"  # the edit stands
    assert any("record hook of listeners/bad_hook.py failed" in p for p in play.listeners()["problems"])


def test_the_sample_blueprint_works_with_the_sample_listener_as_shipped(fs, admin, sample_blueprint, tmp_path):
    """Found by a new user's trial: the sample blueprint's Submit was off forever, and the sample
    listener did nothing on it."""
    from support import RESOURCES

    s = fs.open(admin, fs.create_space(admin, "Sample", blueprint=sample_blueprint)["id"])
    s.records.import_file("companies", RESOURCES / "sample_companies.csv")
    s.add_listener(SAMPLE)  # as the Listeners page and `flatspace listeners add` do
    s.listeners(allow=True)
    s.records.import_file("contacts", RESOURCES / "sample_contacts.csv")
    contacts = s.records.list("contacts", limit=100)
    assert "ada@acme.example" in [r.values["email"] for r in contacts]  # ADA@acme.example, lower-cased
    assert {r.updated_by for r in contacts} >= {"hook:listeners/sample_listener.py"}
    offered = {a["operation"]: a for a in s.jobs.actions(sheet="contacts")}
    assert offered["submit"]["handledBy"] == "built-in" and offered["submit"]["refused"] is None
    assert offered["dedupeEmail"]["handledBy"] == "listeners/sample_listener.py"
    job = s.jobs.run(s.jobs.find("submit", sheet="contacts"))
    assert job["status"] == "complete" and job["outcome"]["heading"] == "Submitted"
    written = sorted(p.name for p in (fs.root / "submitted" / s.id).glob("*/*"))
    assert written == ["contacts.csv"]  # that sheet's valid records alone
    deduped = s.jobs.run(s.jobs.find("dedupeEmail", sheet="contacts"))
    assert deduped["outcome"]["heading"] == "Duplicates removed"
    emails = [r.values["email"] for r in s.records.list("contacts", limit=100)]
    assert len(emails) == len(set(emails))
