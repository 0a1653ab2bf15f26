"""Documents against @flatfile/api's DocumentConfig {title: string, body: string,
treatments?: string[], actions?: Action[]}: what is given comes back, nothing is added."""

from __future__ import annotations

import json

import pytest

from flatspace_desktop.domain.documents import export_config
from flatspace_desktop.domain.errors import InvalidInput

# DocumentConfig's own @example.
SUBMIT = {"operation": "submitAction", "mode": "foreground", "label": "Submit",
          "description": "Submit data to webhook.site", "primary": True}


@pytest.fixture
def space(fs, admin):
    return fs.create_space(admin, "Docs")["id"]


def test_actions_are_kept_and_no_treatments_are_added(fs, admin, space):
    config = {"title": "My Document 1", "body": "My information", "actions": [SUBMIT]}
    doc = fs.open(admin, space).documents.add_config(config)
    assert export_config(fs.open(admin, space).documents.get(doc["id"])) == config


def test_a_config_without_optional_keys_comes_back_without_them(fs, admin, space):
    config = {"title": "Updated Title", "body": "Updated My information"}
    doc = fs.open(admin, space).documents.add_config(config)
    assert export_config(fs.open(admin, space).documents.get(doc["id"])) == config


def test_titles_are_kept_exactly(fs, admin, space):
    doc = fs.open(admin, space).documents.add_config({"title": "  Guide \u2014 v2 ", "body": ""})
    assert fs.open(admin, space).documents.get(doc["id"])["title"] == "  Guide \u2014 v2 "
    fs.open(admin, space).documents.update(doc["id"], title=" Renamed ")
    assert fs.open(admin, space).documents.get(doc["id"])["title"] == " Renamed "


def test_updating_treatments_keeps_actions(fs, admin, space):
    doc = fs.open(admin, space).documents.add_config({"title": "T", "body": "", "actions": [SUBMIT]})
    fs.open(admin, space).documents.update(doc["id"], treatments=["ephemeral"])
    assert export_config(fs.open(admin, space).documents.get(doc["id"])) == {
        "title": "T", "body": "", "treatments": ["ephemeral"], "actions": [SUBMIT]}


def test_rows_from_before_actions_read_their_treatments(fs, admin, space):
    doc = fs.open(admin, space).documents.add_config({"title": "Old", "body": ""})
    D = fs.space(space).m.Document
    D.update(treatments=json.dumps(["ephemeral"])).where(D.id == doc["id"]).execute()  # as stored before
    assert export_config(fs.open(admin, space).documents.get(doc["id"])) == {
        "title": "Old", "body": "", "treatments": ["ephemeral"]}


@pytest.mark.parametrize("config", [{"title": "  ", "body": ""}, {"title": "A", "body": "", "actions": {}},
                                    {"title": "A", "body": "", "actions": [{"operation": "x"}]}])
def test_malformed_configs_are_refused(fs, admin, space, config):
    with pytest.raises(InvalidInput):
        fs.open(admin, space).documents.add_config(config)
