"""Documents, the theme editor and metadata, through the window."""

import json

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFileDialog

from support import write
from flatspace_desktop.domain import theme as T
from flatspace_desktop.ui.documents.document_view import render
from ui_helpers import open_document, open_sheet, sidebar_labels


def doc_titles(pane):
    section = pane.model.find(("section", "documents"))
    return [pane.model.index(r, 0, section).data() for r in range(pane.model.rowCount(section))]


def test_documents_are_listed_in_the_order_added(sample_window, fs, admin):
    sid = sample_window.pane.space_id
    for title in ("Welcome", "Zebra rules", "Appendix"):
        fs.open(admin, sid).documents.add(title, f"# {title}\n")
    sample_window.pane.reload_tree()
    assert doc_titles(sample_window.pane) == ["Welcome", "Zebra rules", "Appendix"]
    fs.open(admin, sid).documents.update(1, title="A welcome")  # renaming does not reorder
    sample_window.pane.reload_tree()
    assert doc_titles(sample_window.pane) == ["A welcome", "Zebra rules", "Appendix"]


def test_markdown_renders_and_html_is_never_run(sample_window, fs, admin):
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    render(doc, "# Title\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
                "Hi <b>bold?</b> <script>alert('x')</script> [site](https://example.com)\n")
    text = doc.toPlainText()
    assert "<script>alert('x')</script>" in text and "<b>bold?</b>" in text  # shown as text
    assert doc.firstBlock().blockFormat().headingLevel() == 1
    html = doc.toHtml()
    assert "<b>bold?" not in html and 'href="https://example.com"' in html and "<table" in html


def test_document_edits_save_live_and_undo(sample_window, fs, admin, qtbot):
    sid = sample_window.pane.space_id
    d = fs.open(admin, sid).documents.add("Notes", "# Notes\n")
    view = open_document(sample_window, d["id"])
    view.editor.moveCursor(view.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(view.editor, "Check **emails** first.")
    assert "emails" in view.preview.toPlainText() and "**" not in view.preview.toPlainText()
    qtbot.waitUntil(lambda: "Check **emails** first." in fs.open(admin, sid).documents.get(d["id"])["body"], timeout=3000)
    assert view.state.text() == "Saved"
    view.editor.undo()  # Ctrl+Z in the editor takes the typing back, and that is saved too
    view.save()
    assert "Check **emails** first." not in view.editor.toPlainText()
    assert fs.open(admin, sid).documents.get(d["id"])["body"] == view.editor.toPlainText()
    view.title.setText("Read me")
    view.title.editingFinished.emit()
    assert "Read me" in doc_titles(sample_window.pane)


def test_images_come_from_the_spaces_files(sample_window, fs, admin, tmp_path):
    from PySide6.QtGui import QImage, QTextDocument

    img = QImage(8, 6, QImage.Format_RGB32)
    img.fill(QColor("#ff0000"))
    path = tmp_path / "logo.png"
    img.save(str(path))
    sid = sample_window.pane.space_id
    space_dir = fs.space(sid).files_dir
    sha, _ = fs.open(admin, sid).files.store.put(path)
    fs.space(sid).m.File.create(name="logo.png", sha256=sha, size=path.stat().st_size, kind="csv", created_at="x",
                                created_by=admin.id, updated_at="x")
    d = fs.open(admin, sid).documents.add("With image", "![logo](logo.png)\n")
    sample_window.pane.reload_tree()
    sample_window.pane.select_key(("document", d["id"]))
    view = sample_window.pane.stack.currentWidget()
    loaded = view.preview.loadResource(QTextDocument.ImageResource, view.preview.source().resolved("logo.png"))
    assert isinstance(loaded, QImage) and loaded.size().width() == 8
    assert space_dir.exists()


def test_document_json_round_trip(fs, admin, sample_space, tmp_path, capsys):
    from flatspace_desktop.cli.main import main

    src = write(tmp_path / "doc.json", json.dumps({"title": "Guide", "body": "# Guide\n", "treatments": ["ephemeral"]}))
    assert main(["document", "add", sample_space, str(src)]) == 0
    capsys.readouterr()
    assert main(["--json", "document", "show", sample_space, "1"]) == 0
    assert json.loads(capsys.readouterr().out) == {"title": "Guide", "body": "# Guide\n", "treatments": ["ephemeral"]}


def _pixel(widget, point):
    return widget.grab().toImage().pixelColor(point).name()


def test_theme_editor_previews_live_applies_reverts_and_resets(sample_window, fs, admin, qtbot):
    sid = sample_window.pane.space_id
    view = open_sheet(sample_window, "contacts")
    sample_window.show_theme_editor()
    editor = sample_window.theme_editor
    tree = sample_window.pane.tree
    empty_spot = QPoint(tree.viewport().width() - 5, tree.viewport().height() - 5)
    editor.set_value("sidebar.backgroundColor", "#123456")
    editor.set_value("table.column.header.backgroundColor", "#abcdef")
    editor.set_value("root.dangerColor", "#0000ff")
    assert _pixel(tree.viewport(), empty_spot) == "#123456"  # the sidebar as drawn
    header = view.table.horizontalHeader()
    assert _pixel(header, QPoint(header.width() // 3, 2)) == "#abcdef"
    m = view.model
    err = m.index(0, 0).data(Qt.BackgroundRole)  # ada@acme.example: duplicate email
    assert err is not None and err.blue() > err.red()  # error cells follow the theme's danger colour
    assert fs.open(admin, sid).theme.get() == {}  # a preview only
    editor.apply()
    assert T.get(fs.open(admin, sid).theme.get(), "sidebar.backgroundColor") == "#123456"
    editor.set_value("sidebar.backgroundColor", "#654321")
    editor.revert()
    assert _pixel(tree.viewport(), empty_spot) == "#123456"
    editor.reset()
    editor.apply()
    assert fs.open(admin, sid).theme.get() == {}
    assert _pixel(tree.viewport(), empty_spot) == T.get(T.LIGHT, "sidebar.backgroundColor")


def test_contrast_warnings_and_presets(sample_window):
    sample_window.show_theme_editor()
    editor = sample_window.theme_editor
    editor.set_value("sidebar.backgroundColor", "#ffff00")
    editor.set_value("sidebar.textColor", "#ffffff")
    assert "contrast 1.1:1" in editor.warnings.text()
    editor.set_value("sidebar.textColor", "#111111")
    assert "Background (sidebar) and text" not in editor.warnings.text()
    editor.preset.setCurrentIndex(editor.preset.findData("Ocean"))
    editor._preset(editor.preset.currentIndex())
    assert T.get(editor.working, "root.primaryColor") == "#0e7490" and editor.warnings.text() == ""


def test_theme_json_import_keeps_unknown_keys(sample_window, fs, admin, monkeypatch, tmp_path):
    flatfile = {"root": {"primaryColor": "#ff5a00", "borderRadius": "6px"},
                "sidebar": {"logo": "https://example.com/logo.png", "backgroundColor": "#0b1020"},
                "table": {"column": {"header": {"backgroundColor": "#eeeeee"}}, "tooltip": {"color": "#000"}},
                "email": {"logo": "x"}}
    src = write(tmp_path / "flatfile-theme.json", json.dumps(flatfile))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(src), ""))
    sample_window.show_theme_editor()
    editor = sample_window.theme_editor
    editor._import()
    editor.apply()
    assert fs.open(admin, sample_window.pane.space_id).theme.get() == flatfile
    out = tmp_path / "out.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    editor._export()
    assert json.loads(out.read_text()) == flatfile


def test_logo_is_kept_in_the_filestore_and_shown(sample_window, fs, admin, monkeypatch, tmp_path):
    from PySide6.QtGui import QImage

    img = QImage(40, 20, QImage.Format_RGB32)
    img.fill(QColor("#4f46e5"))
    path = tmp_path / "brand.png"
    img.save(str(path))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    sample_window.show_theme_editor()
    sample_window.theme_editor._choose_logo()
    assert sample_window.pane.logo.isVisible() or not sample_window.pane.logo.pixmap().isNull()
    sample_window.theme_editor.apply()
    logo = T.get(fs.open(admin, sample_window.pane.space_id).theme.get(), "sidebar.logo")
    assert logo.startswith("blob:") and fs.open(admin, sample_window.pane.space_id).theme.logo_path(logo).is_file()
    fs.open(admin, sample_window.pane.space_id).files.collect_blobs()
    assert fs.open(admin, sample_window.pane.space_id).theme.logo_path(logo).is_file()  # a logo in use is kept


def test_sidebar_lists_theme_and_metadata_sections(sample_window):
    assert sidebar_labels(sample_window.pane.model)[-3:] == ["Theme", "Metadata", "Listeners"]


def test_metadata_tree_and_text_stay_in_step(sample_window, fs, admin, qtbot):
    pane = sample_window.pane
    assert pane.select_key(("section", "metadata"))
    view = pane.stack.currentWidget()
    tree = view.tree
    view.editor.setPlainText('{"companyId": "acme", "limits": {"rows": 5}, "tags": ["a", "b"]}')
    assert tree.value() == {"companyId": "acme", "limits": {"rows": 5}, "tags": ["a", "b"]}
    rows = tree.model.item(1).child(0, 1)  # limits.rows
    rows.setText("7")
    assert json.loads(view.editor.toPlainText())["limits"]["rows"] == 7  # typed back as a number
    tree.view.setCurrentIndex(tree.model.index(0, 0))
    tree.add_key()
    assert "newKey" in json.loads(view.editor.toPlainText())
    qtbot.mouseClick(view.save, Qt.LeftButton)
    saved = fs.open(admin, pane.space_id).info()["metadata"]
    assert saved["limits"] == {"rows": 7} and saved["tags"] == ["a", "b"] and saved["newKey"] == ""
    assert [s["id"] for s in fs.list_spaces(admin, search="acme")] == [pane.space_id]


def test_workbook_metadata_is_shown_read_only(sample_window):
    pane = sample_window.pane
    wid = pane.info["workbooks"][0]["id"]
    assert pane.select_key(("workbook", wid))
    from PySide6.QtWidgets import QPlainTextEdit

    meta = pane.stack.currentWidget().findChild(QPlainTextEdit, "workbook-metadata")
    assert meta.isReadOnly() and "Flatspace sample" in meta.toPlainText()


def test_document_json_round_trip_keeps_actions_and_title(fs, admin, sample_space, tmp_path, capsys):
    from flatspace_desktop.cli.main import main

    config = {"title": " Guide ", "body": "# Guide\n", "actions": [
        {"operation": "submitAction", "mode": "foreground", "label": "Submit", "primary": True}]}
    src = write(tmp_path / "doc.json", json.dumps(config))
    assert main(["document", "add", sample_space, str(src)]) == 0
    capsys.readouterr()
    assert main(["--json", "document", "show", sample_space, "1"]) == 0
    assert json.loads(capsys.readouterr().out) == config
