"""Issue 13, external validators in the window: an edit typed into a cell is checked by the field's
validators at once (message, colour, record panel), fixing it clears them, and the workbook's
overview and the column's tooltip list what is not enforced offline."""

import copy

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from support import write
from trust_fixtures import activate, retype, stored
from ui_helpers import column, open_sheet

SUPPLIERS = {"name": "Suppliers", "sheets": [{"name": "Suppliers", "slug": "suppliers", "fields": [
    {"key": "supplier_id", "label": "Supplier ID", "type": "string",
     "constraints": [{"type": "required"}, {"type": "unique"},
                     {"type": "external", "validator": "length", "config": {"min": 1, "max": 50}}]},
    {"key": "name", "label": "Name", "type": "string",
     "constraints": [{"type": "required"}, {"type": "external", "validator": "length", "config": {"min": 2, "max": 100}}]},
    {"key": "email", "label": "Email", "type": "string", "constraints": [{"type": "external", "validator": "email"}]},
    {"key": "phone_number", "label": "Phone Number", "type": "string",
     "constraints": [{"type": "external", "validator": "phone", "config": {"region": "US"}}]},
    {"key": "zip_code", "label": "Zip Code", "type": "string",
     "constraints": [{"type": "external", "validator": "zipCode", "config": {"countryCode": "US"}}]},
]}]}


@pytest.fixture
def suppliers(make_window, fs, admin, qtbot, tmp_path):
    sid = fs.create_space(admin, "Suppliers", blueprint=copy.deepcopy(SUPPLIERS))["id"]
    fs.open(admin, sid).records.import_file("suppliers", write(tmp_path / "s.csv", (
        "supplier_id,name,email,phone_number,zip_code\n"
        "S1,Acme Tools,orders@acme.example,(202) 456-1111,20500\n")))
    w = activate(qtbot, make_window())
    w.switcher.activated.emit(w.switcher.findText("Suppliers"))
    return w, sid


def test_a_typed_value_is_checked_by_its_validator_and_fixing_it_clears_it(suppliers, fs, admin, qtbot):
    w, sid = suppliers
    view = open_sheet(w, "suppliers")
    m = view.model
    email = m.index(0, column(m, "email"))
    assert email.data(Qt.BackgroundRole) is None
    retype(qtbot, view, 0, "email", "orders.acme.example", finish=Qt.Key_Return)
    qtbot.waitUntil(lambda: m.index(0, column(m, "email")).data(Qt.ToolTipRole) == "Error: Invalid email format")
    assert m.index(0, column(m, "email")).data(Qt.BackgroundRole) is not None
    assert stored(fs, admin, sid, "suppliers")[0]["email"] == "orders.acme.example"  # kept as typed
    view.table.setCurrentIndex(m.index(0, column(m, "email")))
    assert "Invalid email format" in view.messages.toPlainText()
    retype(qtbot, view, 0, "phone_number", "555-0100", finish=Qt.Key_Return)
    qtbot.waitUntil(lambda: m.index(0, column(m, "phone_number")).data(Qt.ToolTipRole)
                    == "Error: Invalid phone number format for US")
    retype(qtbot, view, 0, "email", "orders@acme.example", finish=Qt.Key_Return)
    qtbot.waitUntil(lambda: m.index(0, column(m, "email")).data(Qt.BackgroundRole) is None)
    assert fs.open(admin, sid).records.counts("suppliers")["errorsByField"].get("email", 0) == 0


def test_what_is_not_enforced_is_listed_in_the_workbook_view_and_the_tooltip(suppliers, qtbot):
    w, _ = suppliers
    view = open_sheet(w, "suppliers")
    m = view.model
    tip = m.headerData(column(m, "zip_code"), Qt.Horizontal, Qt.ToolTipRole)
    assert 'validator "zipCode" (not enforced offline: no validator of that name here)' in tip
    assert "length (min 2, max 100)" in m.headerData(column(m, "name"), Qt.Horizontal, Qt.ToolTipRole)
    wid = w.pane.info["workbooks"][0]["id"]
    assert w.pane.select_key(("workbook", wid))
    qtbot.waitUntil(lambda: w.pane.stack.currentWidget().findChild(QLabel, "not-enforced") is not None)
    text = w.pane.stack.currentWidget().findChild(QLabel, "not-enforced").text()
    assert 'suppliers.zip_code: external validator "zipCode" is kept but not enforced offline' in text
