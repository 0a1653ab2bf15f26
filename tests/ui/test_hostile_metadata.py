"""The metadata editor meets JSON the Space would refuse (issue 12, item 3): nested 10,000 deep,
or holding a lone surrogate. It says why under the text, offers no Save and builds no tree."""

from __future__ import annotations


def test_metadata_too_deep_or_not_text_is_refused_in_the_view(sample_window, fs, admin):
    pane = sample_window.pane
    assert pane.select_key(("section", "metadata"))
    view = pane.stack.currentWidget()
    before = fs.open(admin, pane.space_id).info()["metadata"]
    for text, says in (('{"a": ' + "[" * 10_000 + "]" * 10_000 + "}", "nested too deeply"),
                       ('{"a": ' + "[" * 500 + "]" * 500 + "}", "nested too deeply"),
                       ('{"a": "\\ud800"}', "\\ud800")):
        view.editor.setPlainText(text)
        assert says in view.status.text() and not view.save.isEnabled()
    view.editor.setPlainText('{"companyId": "acme-8"}')
    assert view.save.isEnabled()
    assert fs.open(admin, pane.space_id).info()["metadata"] == before
