"""A sheet's named views: a filter, search, sort and facets kept under a name for everyone in
the Space (Flatfile's Views), to come back to from the window or to use from the command line."""

from __future__ import annotations

from ..domain.access import Can
from ..domain.errors import InvalidInput, NotFound
from ..domain.limits import check_text
from ..domain.records import View
from ..domain.viewconfig import view_config, view_from_config
from ..storage import savedviews


class Views:
    def __init__(self, session):
        self.s = session

    def list(self, sheet: str) -> list[dict]:
        return savedviews.all_of(self.s.space, self.s.sheet(sheet).id)

    def get(self, sheet: str, name: str) -> View:
        for v in self.list(sheet):
            if v["name"] == name:
                return view_from_config(v["config"])
        names = ", ".join(v["name"] for v in self.list(sheet)) or "none yet"
        raise NotFound(f'no view "{name}" of {self.s.sheet(sheet).slug} (its views: {names})')

    def save(self, sheet: str, name: str, view: View) -> dict:
        name = (name or "").strip()
        if not name:
            raise InvalidInput("give the view a name")
        check_text(name, "the view's name")
        if len(name) > 200:
            raise InvalidInput("a view's name is at most 200 characters")
        store = self.s.store(sheet)
        self.s.records.check_view(store, view)
        config = view_config(view)
        with self.s.write("views.save", {"sheet": store.sheet.slug, "sheetId": store.sid, "name": name},
                          needs=Can.EDIT_RECORDS):
            savedviews.put(self.s.space, store.sid, name, config, self.s.actor.id)
        return {"name": name, "config": config}

    def delete(self, sheet: str, name: str) -> None:
        store = self.s.store(sheet)
        with self.s.write("views.delete", {"sheet": store.sheet.slug, "sheetId": store.sid, "name": name},
                          needs=Can.EDIT_RECORDS):
            if not savedviews.drop(self.s.space, store.sid, name):
                raise NotFound(f'no view "{name}" of {store.sheet.slug}')
