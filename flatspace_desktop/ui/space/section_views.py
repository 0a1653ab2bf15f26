"""The views the sidebar's sections open: an empty state, the Space overview, metadata
(JSON, saved only when valid), users and theme."""

from __future__ import annotations

import json
from types import SimpleNamespace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QSplitter, QVBoxLayout, QWidget)

from ...domain import csscolour
from ...domain.blueprint import parse_sheet, unenforced_notes
from ...domain.errors import FlatspaceError
from ...domain.jsonfile import MAX_DEPTH, check_json
from ..icons import icon
from ..theme.theming import qcolor


class EmptyState(QWidget):
    """A centred icon, a title and a hint: shown wherever a view has nothing to show."""

    def __init__(self, icon_name: str, title: str, hint: str, button: QPushButton | None = None, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        pic = QLabel(alignment=Qt.AlignCenter)
        pic.setPixmap(icon(icon_name).pixmap(48, 48))
        heading = QLabel(title, alignment=Qt.AlignCenter, objectName="empty-title")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setWeight(QFont.DemiBold)
        heading.setFont(font)
        text = QLabel(hint, alignment=Qt.AlignCenter, wordWrap=True, objectName="empty-hint")
        text.setFixedWidth(440)
        text.setTextFormat(Qt.RichText)
        for w in (pic, heading):
            layout.addWidget(w)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(text)
        row.addStretch(1)
        layout.addLayout(row)
        if button is not None:
            brow = QHBoxLayout()
            brow.addStretch(1)
            brow.addWidget(button)
            brow.addStretch(1)
            layout.addSpacing(8)
            layout.addLayout(brow)
        layout.addStretch(2)


def _title(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    font.setWeight(QFont.DemiBold)
    label.setFont(font)
    return label


class OverviewView(QWidget):
    """The Space at a glance: labels, metadata and every sheet with its counts; for a workbook,
    also its own metadata and its sheets' (from the blueprint, read-only)."""

    def __init__(self, info: dict, parent=None, blueprint: dict | None = None, notes: list[str] | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(_title(info["name"]))
        facts = [f"<b>Labels:</b> {', '.join(info['labels']) or 'none'}",
                 f"<b>Created:</b> {info['createdAt'][:16].replace('T', ' ')}",
                 f"<b>Last activity:</b> {info['lastActivityAt'][:16].replace('T', ' ')}"]
        layout.addWidget(QLabel(" &nbsp;·&nbsp; ".join(facts), textFormat=Qt.RichText))
        rows = []
        for wb in info.get("workbooks", []):
            for s in wb["sheets"]:
                c = s.get("counts", {})
                rows.append(f"<tr><td>{_esc(wb['name'])}</td><td>{_esc(s['name'])}</td>"
                            f"<td align=right>{c.get('total', 0):,}</td><td align=right>{c.get('valid', 0):,}</td>"
                            f"<td align=right>{c.get('error', 0):,}</td></tr>")
        if rows:
            table = ("<table cellspacing=0 cellpadding=6><tr><th align=left>Workbook</th><th align=left>Sheet</th>"
                     "<th>Records</th><th>Valid</th><th>With errors</th></tr>" + "".join(rows) + "</table>")
            layout.addWidget(QLabel(table, textFormat=Qt.RichText))
        else:
            layout.addWidget(QLabel("This Space has no workbook yet. Add one from a blueprint with "
                                    "<i>Space ▸ Add workbook from blueprint…</i>", textFormat=Qt.RichText))
        if blueprint is not None:
            notes = _not_enforced(blueprint) if notes is None else notes
            if notes:
                layout.addWidget(QLabel("<b>Not enforced offline</b> (kept in the blueprint)<ul>"
                                        + "".join(f"<li>{_esc(n)}</li>" for n in notes) + "</ul>",
                                        objectName="not-enforced", textFormat=Qt.RichText, wordWrap=True))
            meta = {"workbook": blueprint.get("metadata")}
            meta.update({f"sheet {s.get('slug') or s.get('name')}": s.get("metadata") for s in blueprint.get("sheets", [])})
            shown = {k: v for k, v in meta.items() if v is not None}
            layout.addWidget(QLabel(f"<b>Metadata of {_esc(blueprint.get('name', 'the workbook'))}</b> "
                                    "(from its blueprint, read-only)", textFormat=Qt.RichText))
            box = QPlainTextEdit(json.dumps(shown, indent=2, ensure_ascii=False) if shown else "none",
                                 objectName="workbook-metadata", readOnly=True)
            box.setFont(QFont("monospace"))
            box.setMaximumHeight(160)
            layout.addWidget(box)
        layout.addStretch(1)


class MetadataView(QWidget):
    """The Space's metadata as JSON; checked as you type, saved only when it is a valid object."""

    saved = Signal()

    def __init__(self, fs, actor, space_id: str, metadata: dict, parent=None):
        super().__init__(parent)
        self.fs, self.actor, self.space_id = fs, actor, space_id
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(_title("Metadata"))
        layout.addWidget(QLabel("Free JSON kept with the Space, such as a customer id. It is searchable from "
                                "the Spaces list.", wordWrap=True))
        self.editor = QPlainTextEdit(objectName="metadata-editor")
        self.editor.setFont(QFont("monospace"))
        self.editor.setPlainText(json.dumps(metadata, indent=2, ensure_ascii=False))
        self.editor.textChanged.connect(self._check)
        from .metadata_tree import JsonTree

        self.tree = JsonTree()
        self.tree.set_value(metadata)
        self.tree.edited.connect(self._from_tree)
        self.status = QLabel(" ", objectName="metadata-status")
        self.save = QPushButton("Save", clicked=self._save, objectName="metadata-save")
        self.save.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.save)
        split = QSplitter()
        split.addWidget(self.tree)
        split.addWidget(self.editor)
        layout.addWidget(split, 1)
        layout.addLayout(row)
        self._value: dict | None = metadata

    def _check(self) -> None:
        try:
            value = json.loads(self.editor.toPlainText() or "{}")
        except ValueError as exc:
            self._value = None
            line, col = getattr(exc, "lineno", "?"), getattr(exc, "colno", "?")
            self.status.setText(f"Line {line}, column {col}: {getattr(exc, 'msg', str(exc))}")
            self.status.setStyleSheet("color: #dc2626")
            self.save.setEnabled(False)
            return
        except RecursionError:
            value, problem = None, f"Metadata is nested too deeply (at most {MAX_DEPTH} levels)"
        else:
            problem = None if isinstance(value, dict) else "Metadata must be a JSON object: { … }"
        if problem is None:
            try:
                check_json(value, "metadata")  # no tree is built for what the Space would refuse
            except FlatspaceError as exc:
                problem = str(exc)
        if problem:
            self._value = None
            self.status.setText(problem)
            self.status.setStyleSheet("color: #dc2626")
            self.save.setEnabled(False)
            return
        self._value = value
        if self.tree.value() != value:
            self.tree.set_value(value)  # the tree follows the text (and the text the tree)
        self.status.setText("Valid JSON, not saved yet")
        self.status.setStyleSheet("")
        self.save.setEnabled(True)

    def _from_tree(self, value: dict) -> None:
        self.editor.setPlainText(json.dumps(value, indent=2, ensure_ascii=False))

    def _save(self) -> None:
        if self._value is None:
            return
        try:
            self.fs.open(self.actor, self.space_id).update(metadata=self._value)
        except FlatspaceError as exc:
            self.status.setText(str(exc))
            return
        self.status.setText("Saved")
        self.save.setEnabled(False)
        self.saved.emit()


class ThemeView(QWidget):
    editRequested = Signal()

    def __init__(self, theme: dict, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(_title("Theme"))
        edit = QPushButton("Open the theme editor", objectName="open-theme-editor")
        edit.clicked.connect(self.editRequested)
        row = QHBoxLayout()
        row.addWidget(edit)
        row.addStretch(1)
        layout.addLayout(row)
        if not theme:
            layout.addWidget(QLabel("This Space uses the default look, which follows your system's light or "
                                    "dark setting.", wordWrap=True))
        else:
            swatches = []
            for key, v in _colours(theme):  # any CSS colour, drawn as Qt reads it (the text as given)
                swatches.append(f"<tr><td>{_esc(key)}</td><td bgcolor='{qcolor(v).name()}'>"
                                f"&nbsp;&nbsp;&nbsp;&nbsp;</td><td>{_esc(v)}</td></tr>")
            layout.addWidget(QLabel("<table cellpadding=4>" + "".join(swatches) + "</table>", textFormat=Qt.RichText))
        layout.addStretch(1)


def _not_enforced(blueprint: dict) -> list[str]:
    """The workbook's constraints that are kept but not checked here (unknown validators, stored
    constraints), each sheet on its own: a guest's copy holds only the sheets granted."""
    sheets = []
    for i, raw in enumerate(blueprint.get("sheets") or []):
        try:
            sheets.append(parse_sheet(raw, f"sheets[{i}]"))
        except FlatspaceError:
            continue
    return unenforced_notes(SimpleNamespace(sheets=sheets))


def _esc(text) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _colours(values: dict, prefix: str = ""):
    """(dotted key, text) of every colour in a theme, nested sections included, in order."""
    for k, v in values.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            yield from _colours(v, key + ".")
        elif isinstance(v, str) and csscolour.is_colour(v):
            yield key, v
