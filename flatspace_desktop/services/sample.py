"""The sample Space offered on a first run: a real workbook with some invalid records."""

from __future__ import annotations

import json

from ..domain.access import Actor
from ..domain.resources import resource_path

SAMPLE_NAME = "Sample: customer onboarding"


def create_sample_space(fs, actor: Actor) -> str:
    blueprint = json.loads(resource_path("sample_blueprint.json").read_text(encoding="utf-8"))
    info = fs.create_space(actor, SAMPLE_NAME, labels=["sample"],
                           metadata={"companyId": "sample-co", "purpose": "Try Flatspace"})
    space_id = info["id"]
    try:
        session = fs.open(actor, space_id)
        session.workbooks.create(blueprint)
        session.records.import_file("companies", resource_path("sample_companies.csv"), parallel=False)
        session.records.import_file("contacts", resource_path("sample_contacts.csv"), parallel=False)
    except BaseException:
        fs.delete_space(actor, space_id)
        raise
    return space_id
