"""The service layer's entry: the Spaces of a data root. `open(actor, space)` gives the session
every operation on one Space goes through (services.session); what is not about one Space
(creating, listing, importing, deleting Spaces, opening a guest's link) is here.

Each call names the acting user. Errors a user can act on are FlatspaceError subclasses with
a message worth showing as is."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from urllib.parse import urlsplit
from typing import Any, Callable, Iterable

from ..domain.access import Actor, check_space, require_admin
from ..domain.blueprint import parse_blueprint
from ..domain.changes import Changes, from_activity
from ..domain.errors import AccessDenied, FlatspaceError, InvalidInput
from ..storage import server as storage_server
from ..storage import serverguests, serverwatch, spacerow, transfer
from ..storage.catalog import ID_RE, Catalog, new_space_id
from ..storage.db import translate_errors
from ..storage import paths
from ..storage.paths import data_root
from ..storage.space import Space
from . import checks, guests
from .automation import Automation
from .session import Session

log = logging.getLogger(__name__)

LOCAL = "local"  # space move --to local: back to this computer
SORTS = {"name": "name", "createdAt": "createdAt", "lastActivityAt": "lastActivityAt"}


class Flatspace:
    def __init__(self, root: str | Path | None = None, default_server: str | None = None):
        """default_server: the PostgreSQL address new Spaces are made on (None: $FLATSPACE_SERVER,
        else this computer)."""
        self.root = data_root(root)
        self.default_server = paths.default_server(default_server)
        self.catalog = Catalog(self.root)
        self.catalog.sweep()  # what killed runs left: hidden Space folders, export work files
        self._open: dict[str, Space] = {}
        self._own: dict[str, set[int]] = {}  # activity rows this program wrote, not yet read back
        self.pending_steps: dict = {}  # space id -> the undo step being gathered (undo.group)
        self._unsent: dict[str, Changes] = {}  # space id -> what writes not yet told changed
        # Called with a Changes after each write (the window's SpaceEvents); from the writing thread.
        self.listeners: list[Callable[[Changes], None]] = []
        self.automation = Automation()  # the listener code that handles actions and record hooks

    def close(self, wait: float | None = None) -> None:
        """wait: seconds the listeners get to handle the events still posted (None: all they need)."""
        if not self.automation.settle(wait):
            log.warning("flatspace: a listener was still handling an event; it was stopped")
        for space in self._open.values():
            space.close()
        self._open.clear()

    # ---- Spaces opened
    def space(self, ref: str) -> Space:
        """The storage of a Space (opened once, migrated on open), with no access check."""
        space_id = self.catalog.resolve(ref)
        if space_id in self._open and self._open[space_id].moved():  # open it where it is now
            stale = self._open.pop(space_id)
            try:
                stale.close()
            except Exception:  # a connection already lost closes as it can  # noqa: BLE001
                pass
        if space_id not in self._open:
            with translate_errors():
                space = Space(space_id, self.catalog.folder(space_id))
            try:
                if not space.as_guest:  # a guest's own role reads what is there (storage.serverguests)
                    with translate_errors():
                        space.ensure_history()
            except BaseException:
                space.close()
                raise
            self._open[space_id] = space
        return self._open[space_id]

    def held_as_guest(self, space_id: str) -> bool:
        """Whether this computer holds a Team Space only through a guest's link (its own role)."""
        if space_id in self._open:  # asked on every open: the Space opened says it without a read
            return self._open[space_id].as_guest
        try:
            where = storage_server.read_location(self.catalog.folder(space_id))
        except FlatspaceError:
            return False
        return where is not None and serverguests.is_guest_role(urlsplit(where["server"]).username)

    def reread(self, ref: str) -> None:
        """Forget what was read of a Space's sheets (another program may have changed them)."""
        self.space(ref).forget_schema()

    def open(self, actor: Actor, ref: str) -> Session:
        """One person's session on a Space they may open (a guest: only the one their link
        opens, while the link is valid: AccessDenied says why not)."""
        space_id = self.catalog.resolve(ref)
        check_space(actor, space_id)
        if actor.is_admin and self.held_as_guest(space_id):  # refused before the server counts a use
            raise AccessDenied("This computer has this Space through a guest's link, not as its admin: "
                               "open the link (flatspace LINK) to see what it shares.")
        space = self.space(space_id)
        if space.as_guest:
            if space.guest is None:  # a new connection (the last one was lost): the link opens it again
                space.guest = guests.begin_as_guest(space)
            if space.guest.id != actor.id:
                raise AccessDenied("This computer opened this Space with another link since: open yours again.")
        guests.check_guest(space, actor)
        return Session(self, space, actor)

    def may_open(self, actor: Actor, space_id: str) -> bool:
        """Whether a guest's link still opens this Space (open, as a yes or no)."""
        if space_id != actor.space_id and not actor.is_admin:
            return False
        try:
            self.open(actor, space_id)
        except AccessDenied:
            return False
        return True

    def open_link(self, link: str) -> Actor:
        """Check a guest's link and return the guest it stands for; refusals are logged."""
        return guests.open_link(self, link)

    def join_as_guest(self, space_id: str, server: str, token: str) -> Actor:
        """A guest's link to a Team Space (it names the server and the guest's role): this
        computer signs in with that role, its password the link's secret as the Space keeps it
        (its SHA-256), and the server checks and counts the link. A link refused leaves no
        folder behind, and one kept from an earlier link as it was."""
        url = storage_server.check_url(server)
        schema = storage_server.schema_for(space_id) if ID_RE.match(space_id) else ""
        role = urlsplit(url).username or ""
        if not schema or not guests.TOKEN.match(token) or not role.startswith(serverguests.group_name(schema) + "_"):
            raise AccessDenied("This link is not valid: it may have been altered.")
        located = storage_server.as_role(url, role, guests.token_hash(token))
        gone = self._open.pop(space_id, None)
        if gone is not None:
            gone.close()
        if space_id in self.catalog.ids():  # an earlier link's folder: signed in with this one now
            folder = self.catalog.folder(space_id)
            before = (folder / storage_server.SERVER_FILE).read_text(encoding="utf-8")
            storage_server.write_location(folder, located, schema)
            try:
                return self._begin(space_id)
            except BaseException:
                (folder / storage_server.SERVER_FILE).write_text(before, encoding="utf-8")
                raise
        self._place_team_space(space_id, located, schema)
        try:
            return self._begin(space_id)
        except BaseException:
            gone = self._open.pop(space_id, None)
            if gone is not None:
                gone.close()
            self.catalog.forget(space_id)
            raise

    def _begin(self, space_id: str) -> Actor:
        space = self.space(space_id)
        space.guest = guests.begin_as_guest(space)  # the server checks the link, and counts the use
        return space.guest

    def who(self, ref: str, actor_id: str | None) -> str:
        """A person's name for an actor id kept with a change ("admin:ana", "guest:3")."""
        return guests.who(self.space(ref), actor_id)

    # ---- what changed
    def note(self, space_id: str, action: str, detail: dict | None) -> None:
        """A write's Changes, to be told when its transaction is over (send)."""
        self._unsent.setdefault(space_id, Changes(space_id)).merge(from_activity(space_id, action, detail))

    def mark_own(self, space_id: str, row_id: int) -> None:
        """An activity row this program committed (from any thread): changes_since does not
        report it as another program's."""
        self._own.setdefault(space_id, set()).add(row_id)

    def send(self, space: Space) -> None:
        """Hand what the writes changed to the listeners, once the outermost transaction is
        over (a write nested in another's is told with it). A rollback still tells: a view
        that re-reads needlessly shows the same thing, one that misses a change shows a lie."""
        if space.in_transaction():
            return
        self.automation.tell(space.id)  # listeners of records:*, file:*, ... (committed writes only)
        if space.id not in self._unsent:
            return
        changes = self._unsent.pop(space.id)
        for listener in list(self.listeners):
            listener(changes)

    def changes_since(self, ref: str, activity_id: int) -> tuple[Changes, int]:
        """What other programs changed since the activity row `activity_id` (theirs are the
        rows after it), as Changes, and the last row's id. For a window's outside-change check."""
        space = self.space(ref)
        changes = Changes(space.id, outside=True)
        last = activity_id
        own = self._own.get(space.id, set())
        for row_id, action, detail in spacerow.activity_after(space, activity_id):
            if row_id not in own:  # a background task of this program: told already, not "outside"
                changes.merge(from_activity(space.id, action, detail))
            last = row_id
        own.difference_update(range(activity_id + 1, last + 1))
        return changes, last

    def last_activity(self, ref: str) -> int:
        return spacerow.last_activity(self.space(ref))

    def data_version(self, ref: str) -> int:
        """Changes when another connection (another program, or a background task) has
        committed to the Space since this one last looked: a cheap way to notice."""
        return spacerow.data_version(self.space(ref))

    def watch(self, ref: str, notice: Callable[[], None]):
        """A Team Space: `notice` is called (from a thread of its own) soon after any desktop
        commits to it. Returns the watch (stop() ends it); None for a local Space, whose window
        looks for changes itself."""
        where = storage_server.read_location(self.space(ref).folder)
        return None if where is None else serverwatch.Watch(where["server"], where["schema"], notice)

    # ---- Spaces made, listed, brought in, removed
    def create_space(self, actor: Actor, name: str, labels: Iterable[str] | None = None,
                     metadata: Any = None, guest_authentication: Iterable[str] | None = None,
                     blueprint: Any = None, server: str | None = None) -> dict:
        """Create a Space, with a first workbook if a blueprint is given: all of it or nothing.
        server: a PostgreSQL address to keep it on (a Team Space); "": this computer; None:
        the default server of this Flatspace (none: this computer)."""
        require_admin(actor, "create Spaces")
        server = self.default_server if server is None else server
        if server and server.strip().lower() == LOCAL:
            server = ""  # --server local: this computer, whatever the default
        name = checks.space_name(name)
        labels, meta = checks.labels(labels), checks.metadata(metadata if metadata is not None else {})
        kinds = checks.guest_auth(guest_authentication)
        if blueprint is not None:
            blueprint = checks.blueprint_json(blueprint)
            parse_blueprint(blueprint)  # refuse a broken blueprint before anything exists
        space_id = new_space_id()
        staging = self.catalog.create_folder(space_id)
        try:
            (staging / "files").mkdir()
            if server:
                storage_server.write_location(staging, storage_server.check_url(server),
                                              storage_server.schema_for(space_id))
            space = Space(space_id, staging, create=True)
            try:
                with space.transaction():
                    spacerow.create(space, name, labels, meta, kinds, actor.id)
            finally:
                space.close()
            self.catalog.publish(staging, space_id)
        except BaseException:
            self.catalog.discard(staging)
            raise
        if blueprint is not None:
            try:
                self.open(actor, space_id).workbooks.create(blueprint)
            except BaseException:
                self.delete_space(actor, space_id)
                raise
        return self.open(actor, space_id).info()

    def join_space(self, actor: Actor, server: str, space_id: str) -> dict:
        """A Team Space that another computer made on `server`, opened from this one too: its
        folder here names where it is kept (the data stays on the server)."""
        require_admin(actor, "add Team Spaces")
        url = storage_server.check_url(server)
        space_id = space_id.strip().lower()  # ids are lower case: US_SP_… is the same Space
        if not ID_RE.match(space_id) or space_id.startswith("."):
            raise InvalidInput(f'"{space_id}" is not a Space id')
        if space_id in self.catalog.ids():
            raise InvalidInput(f"this computer has a Space {space_id} already")
        schema = storage_server.schema_for(space_id)
        storage_server.space_row(url, schema)  # there, and a Space: or a message saying why not
        self._place_team_space(space_id, url, schema)
        return self.open(actor, space_id).info()

    def _place_team_space(self, space_id: str, url: str, schema: str) -> None:
        """This computer's folder of a Team Space: where its server is, whole or not at all."""
        staging = self.catalog.create_folder(space_id)
        try:
            (staging / "files").mkdir()
            storage_server.write_location(staging, url, schema)
            self.catalog.publish(staging, space_id)
        except BaseException:
            self.catalog.discard(staging)
            raise

    def list_spaces(self, actor: Actor, search: str | None = None, sort: str = "name",
                    descending: bool = False, archived: str = "exclude") -> list[dict]:
        """archived: exclude | include | only. Search looks in names, labels and metadata."""
        if sort not in SORTS:
            raise InvalidInput(f"sort must be one of {', '.join(SORTS)}")
        if archived not in ("exclude", "include", "only"):
            raise InvalidInput("archived must be exclude, include or only")
        out = []
        for space_id in self.catalog.ids():
            if not actor.is_admin and not self.may_open(actor, space_id):
                continue  # a guest sees the one Space their link opens, while it does
            held = self.held_as_guest(space_id)
            if held and actor.is_admin:
                continue  # a Space held through a guest's link is the guest's alone
            s = self.open(actor, space_id).info(counts=False) if held else self.catalog.summary(space_id)
            is_archived = bool(s.get("archivedAt"))
            if (archived == "exclude" and is_archived) or (archived == "only" and not is_archived):
                continue
            if search and not _matches(s, search):
                continue
            out.append(s)
        key = SORTS[sort]
        out.sort(key=lambda s: ((s.get(key) or "").lower() if key == "name" else (s.get(key) or "")),
                 reverse=descending)
        return out

    def import_space(self, actor: Actor, path: str | Path) -> dict:
        """A .flatspace file as a Space of this machine: its own id, or a new one if taken.
        Its database is rebuilt by this version and its guest links switched off
        ("guestLinksOff" says how many: the owner re-issues them)."""
        from ..storage.portable import read_space
        from ..storage.rebuild import settle

        require_admin(actor, "import Spaces")
        staging_id = new_space_id()
        staging = self.catalog.create_folder(staging_id)
        try:
            read_space(Path(path), staging)
            stem = Path(path).stem
            wanted = stem if ID_RE.match(stem) and stem.startswith("us_sp_") else None
            space_id = wanted if wanted and wanted not in self.catalog.ids() else staging_id
            off = settle(staging, space_id, actor.id, Path(path).name)  # migrated and checked before it is listed
            self.catalog.publish(staging, space_id)
        except BaseException:
            self.catalog.discard(staging)
            raise
        return {**self.open(actor, space_id).info(), "guestLinksOff": off}

    def move_space(self, actor: Actor, ref: str, to: str) -> dict:
        """Move a Space, whole, to a PostgreSQL server (`to`: its address; a Team Space then) or
        from its server to this computer (`to`: "local"; it leaves the server, so the other
        computers that joined it no longer open it)."""
        require_admin(actor, "move Spaces")
        space_id = self.catalog.resolve(ref)
        if self.held_as_guest(space_id):
            raise AccessDenied(f"{space_id} is here through a guest's link: only its owner moves it")
        space = self.space(space_id)
        home = to.strip().lower() == LOCAL
        url = None if home else storage_server.check_url(to)
        if home and space.server is None:
            raise InvalidInput(f"{space_id} is kept on this computer already")
        if not home and space.server is not None:
            raise InvalidInput(f"{space_id} is kept on {space.server}: move it to {LOCAL} first")
        with translate_errors():
            transfer.to_folder(space) if home else transfer.to_server(space, url)
        self._open.pop(space_id, None)
        space.close()
        if space.server is None:  # its old file, which no write reaches any more
            for path in transfer.local_leftovers(space.folder):
                path.unlink(missing_ok=True)
        return self.open(actor, space_id).info()

    def leave_space(self, actor: Actor, ref: str) -> str:
        """A Team Space off this computer's list; it stays on its server for the others (and
        `space join` brings it back)."""
        require_admin(actor, "leave Team Spaces")
        space_id = self.catalog.resolve(ref)
        if storage_server.read_location(self.catalog.folder(space_id)) is None:
            raise InvalidInput(f"{space_id} is kept on this computer, not on a server: nothing to leave "
                               "(`space delete` deletes it)")
        space = self._open.pop(space_id, None)
        if space:
            space.close()
        self.catalog.forget(space_id)
        return space_id

    def delete_space(self, actor: Actor, ref: str) -> str:
        require_admin(actor, "delete Spaces")
        space_id = self.catalog.resolve(ref)
        space = self._open.pop(space_id, None)
        if space:
            space.close()
        if self.held_as_guest(space_id):  # a guest's copy: it leaves this computer, not the server
            self.catalog.forget(space_id)
        else:
            self.catalog.remove(space_id)
        return space_id


def _matches(summary: dict, text: str) -> bool:
    t = text.lower()
    if t in summary.get("name", "").lower() or t in summary.get("id", "").lower():
        return True
    if any(t in label.lower() for label in summary.get("labels", [])):
        return True
    return t in json.dumps(summary.get("metadata", {}), ensure_ascii=False).lower()
