"""Guests and their links: magic links for named guests, expiring shared links for anyone who
has one. A link is flatspace://open?space=<id>&token=<secret>; the secret (192 random bits) is
shown once and stored only as its SHA-256; links are checked here, in the service layer, and a
refused link is logged. Opening a link gives an Actor that every session then checks."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urlparse

from ..domain.access import Actor, require_admin
from ..domain.clock import now, now_iso
from ..storage import guestrows, server, serverguests, workbookrows
from ..storage.db import translate_errors
from ..domain.errors import AccessDenied, InvalidInput, NotFound

SCHEME = "flatspace"
DURATION = re.compile(r"^(\d+)\s*([mhdw])$")
UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,128}$")  # what secrets.token_urlsafe gives, with room
MAX_EXPIRY = timedelta(days=366)  # shared links are temporary; a longer one is a magic link's job
MAX_USES = 1_000_000
REFUSED = {"revoked": "This link was revoked.", "expired": "This link has expired.",
           "used up": "This link has been used as many times as it allows."}


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def make_link(space_id: str, token: str, server: str | None = None) -> str:
    """server: a Team Space's address for the guest's own role (no password: the secret is)."""
    return f"{SCHEME}://open?" + urlencode({"space": space_id, "token": token, **({"server": server} if server else {})})


def _guest_role(space, row) -> str | None:
    """A Team Space: the guest's role on the server made to say what its row says (in the
    write that changed the row), and the address the guest signs in with; None for a Space
    of this computer, or when the owner's login may not make roles (the link then opens only
    where the Space's address is kept)."""
    if not space.d.server or not serverguests.may_make_roles(space.db):
        return None
    serverguests.sync(space.db, space.db.schema, row)
    return server.as_role(space.db.url, serverguests.role_name(space.db.schema, row.id))


ROLES_REFUSED = ("Your login to this server may not make roles, so this link opens only on a computer "
                 "that holds the Space's address (ask the server's administrator for CREATEROLE).")


def parse_duration(text: str) -> timedelta:
    m = DURATION.match(text.strip().lower())
    if not m or not m.group(1).strip("0"):
        raise InvalidInput(f'an expiry is a number and m, h, d or w, like 24h or 7d; not "{text}"')
    # Read only when short: Python refuses 4,300 digits, and timedelta overflows far sooner
    digits = m.group(1).lstrip("0")
    duration = timedelta(**{UNITS[m.group(2)]: int(digits)}) if len(digits) <= 9 else None
    if duration is None or duration > MAX_EXPIRY:
        shown = text if len(text) <= 40 else text[:40] + "…"
        raise InvalidInput(f'a shared link lasts at most a year (366d); not "{shown}"')
    return duration


def guest_state(row) -> str:
    if row.revoked_at:
        return "revoked"
    if row.expires_at and row.expires_at <= now_iso():
        return "expired"
    if row.max_uses is not None and row.uses >= row.max_uses:
        return "used up"
    return "active"


def guest_dict(row) -> dict:
    return {"id": row.id, "kind": row.kind, "name": row.name, "email": row.email,
            "workbooks": json.loads(row.workbooks) if row.workbooks else None,
            "sheets": json.loads(row.sheets) if row.sheets else None, "readOnly": bool(row.read_only),
            "createdAt": row.created_at, "expiresAt": row.expires_at, "maxUses": row.max_uses, "uses": row.uses,
            "lastAccessAt": row.last_access_at, "state": guest_state(row)}


def link_state(space, row) -> str:
    """guest_state, or "not allowed" once the Space stops allowing the link's kind."""
    state = guest_state(row)
    if state == "active" and row.kind not in json.loads(space.row().guest_authentication):
        return "not allowed"
    return state


def check_guest(space, actor: Actor) -> None:
    """An open guest session ends the moment its link is revoked, re-issued, expires or is
    removed, or the Space stops allowing its kind of link: checked on every call."""
    if actor.is_admin:
        return
    if space.as_guest:  # the guest's own role: the server says
        state = serverguests.state(space.db)
        kind = space.guest_kind or "guest link"
    else:
        row = guestrows.find(space, int(actor.id.split(":", 1)[1]))
        with translate_errors():
            state = "removed" if row is None else link_state(space, row)
        if state == "active" and actor.link and row.token_hash != actor.link:
            state = "re-issued"
        kind = row.kind.replace('_', ' ') if row is not None else "guest link"
    if state == "not allowed":
        raise AccessDenied(f"This Space no longer allows {kind}s: "
                           "ask the Space's owner for a new link.")
    if state in ("revoked", "re-issued", "expired", "removed"):
        raise AccessDenied(f"Your link was {state if state != 'removed' else 'withdrawn'}: "
                           "ask the Space's owner for a new one.")
    if state != "active":  # the connection was not opened with the link (a new one): open it again
        raise AccessDenied("Your session on the server ended: open your link again.")


def who(space, actor_id: str | None) -> str:
    """A person's name for an actor id kept with a change ("admin:ana", "guest:3")."""
    if not actor_id:
        return "unknown"
    if space.as_guest:  # a guest's own role reads no guests: the server names them
        return serverguests.name(space.db, actor_id)
    kind, _, rest = actor_id.partition(":")
    if kind == "guest" and rest.isdigit():
        row = guestrows.find(space, int(rest))
        return f"{row.name or 'a shared link'} (guest)" if row else f"a former guest ({rest})"
    return rest or actor_id


def open_link(app, link: str) -> Actor:
    """Check a link and return the guest it stands for; refusals are logged and explained."""
    parsed = urlparse(link.strip() if isinstance(link, str) else "")
    params = parse_qs(parsed.query)
    if parsed.scheme != SCHEME or parsed.netloc != "open" or "space" not in params or "token" not in params:
        raise AccessDenied("This is not a Flatspace link (flatspace://open?space=…&token=…).")
    space_id, token = params["space"][0], params["token"][0]
    if "server" in params and (space_id not in app.catalog.ids() or app.held_as_guest(space_id)):
        return app.join_as_guest(space_id, params["server"][0], token)  # the guest's own role
    if space_id not in app.catalog.ids():
        raise AccessDenied("This link is for a Space that is not on this computer.")
    space = app.space(space_id)
    with translate_errors():  # the use counter and the log are writes: an import may hold the Space
        return _open_guest(space, token)


def begin_as_guest(space) -> Actor:
    """A guest's own connection to a Team Space, opened with its link: the server checks the
    link and counts the use (storage.serverguests), and says who the guest is."""
    with space.transaction():
        said = serverguests.begin(space.db)
    space.guest_kind = (said.get("kind") or "").replace("_", " ") or None
    if "refused" in said:
        state = said["refused"]
        if state in ("removed", "not a guest"):
            raise AccessDenied("This link is not valid for this Space: it may have been altered or withdrawn.")
        raise AccessDenied(REFUSED.get(state, f"This Space no longer allows {space.guest_kind or 'guest link'}s.")
                           + " Ask the Space's owner for a new one.")
    return Actor(id=f"guest:{said['id']}", name=said["name"] or "Guest with a shared link", kind="guest",
                 space_id=space.id,
                 workbooks=frozenset(json.loads(said["workbooks"])) if said["workbooks"] else None,
                 sheets=frozenset(json.loads(said["sheets"])) if said["sheets"] else None,
                 # the server lets a guest's own role read only: its edits are made where the address is kept
                 read_only=True, link=space.db.role)


def _open_guest(space, token: str) -> Actor:
    wanted = token_hash(token) if TOKEN.match(token) else ""  # bytes no link holds are never looked up
    row = guestrows.by_token_hash(space, wanted) if wanted else None
    if row is None or not hmac.compare_digest(row.token_hash, wanted):
        guestrows.log_refusal(space, None, "unknown or altered token")
        raise AccessDenied("This link is not valid for this Space: it may have been altered or re-issued.")
    state = link_state(space, row)
    if state == "active":
        state = "active" if guestrows.count_use(space, row.id) else "used up"
    if state != "active":
        guestrows.log_refusal(space, row.id, state)
        raise AccessDenied(REFUSED.get(state, f"This Space no longer allows {row.kind.replace('_', ' ')}s.")
                           + " Ask the Space's owner for a new one.")
    return Actor(id=f"guest:{row.id}", name=row.name or "Guest with a shared link", kind="guest",
                 space_id=space.id,
                 workbooks=frozenset(json.loads(row.workbooks)) if row.workbooks else None,
                 sheets=frozenset(json.loads(row.sheets)) if row.sheets else None,
                 read_only=bool(row.read_only), link=row.token_hash)


class Guests:
    def __init__(self, session):
        self.s = session

    def _grants(self, workbooks, sheets) -> tuple[str | None, str | None]:
        """Workbook and sheet references (ids, names or slugs) as stored id lists."""
        wb_ids, sheet_ids = None, None
        if workbooks:
            rows = workbookrows.live(self.s.space)
            live = {str(w.id): w.id for w in rows}
            live.update({w.name: w.id for w in rows})
            missing = [w for w in workbooks if str(w) not in live]
            if missing:
                raise NotFound(f'no workbook "{missing[0]}" in this Space')
            wb_ids = json.dumps(sorted({live[str(w)] for w in workbooks}))
        if sheets:
            sheet_ids = json.dumps(sorted({self.s.space.resolve_sheet(str(s)).id for s in sheets}))
        return wb_ids, sheet_ids

    def _issue(self, kind: str, name: str = "", email: str = "", workbooks=None, sheets=None,
               read_only: bool = False, expires: str | None = None, uses: int | None = None) -> dict:
        require_admin(self.s.actor, "invite guests")
        if uses is not None and not 0 < uses <= MAX_USES:
            raise InvalidInput(f"a number of uses must be from 1 to {MAX_USES:,}")
        lasts = parse_duration(expires) if expires else None
        allowed = json.loads(self.s.space.row().guest_authentication)
        if kind not in allowed:
            raise InvalidInput(f"this Space does not allow {kind} guests (it allows: {', '.join(allowed) or 'none'}); "
                               f"change it with `flatspace space update SPACE --guest-auth {kind}`")
        wb_ids, sheet_ids = self._grants(workbooks, sheets)
        token = secrets.token_urlsafe(24)
        expires_at = (now() + lasts).isoformat(timespec="milliseconds").replace("+00:00", "Z") if lasts else None
        with self.s.write("guest.issue", {"kind": kind, "name": name}):
            row = guestrows.create(self.s.space, kind=kind, name=name, email=email, token_hash=token_hash(token),
                                   workbooks=wb_ids, sheets=sheet_ids, read_only=read_only,
                                   created_by=self.s.actor.id, expires_at=expires_at, max_uses=uses)
            address = _guest_role(self.s.space, row)
        return self._with_link(row, token, address)

    def _with_link(self, row, token: str, address: str | None) -> dict:
        out = {**guest_dict(row), "link": make_link(self.s.id, token, address)}
        if self.s.space.d.server and address is None:
            out["note"] = ROLES_REFUSED
        return out

    def invite(self, name: str, email: str, workbooks=None, sheets=None, read_only: bool = False) -> dict:
        """A named guest with a personal magic link (shown once)."""
        if not name or not name.strip():
            raise InvalidInput("a guest needs a name")
        if not email or "@" not in email:
            raise InvalidInput(f'"{email}" is not an email address')
        return self._issue("magic_link", name.strip(), email.strip(), workbooks, sheets, read_only)

    def share_link(self, expires: str = "24h", uses: int | None = None, workbooks=None, sheets=None,
                   read_only: bool = False) -> dict:
        """An anonymous link for anyone who has it, expiring (24 hours unless said)."""
        return self._issue("shared_link", "", "", workbooks, sheets, read_only, expires or "24h", uses)

    def list(self) -> list[dict]:
        require_admin(self.s.actor, "see who has access")
        return [guest_dict(r) for r in guestrows.listed(self.s.space)]

    def revoke(self, guest_id: int) -> dict:
        require_admin(self.s.actor, "revoke links")
        guestrows.get(self.s.space, guest_id)
        with self.s.write("guest.revoke", {"id": guest_id}):
            guestrows.update(self.s.space, guest_id, revoked_at=now_iso())
            _guest_role(self.s.space, guestrows.get(self.s.space, guest_id))  # no login from now on
        return guest_dict(guestrows.get(self.s.space, guest_id))

    def reissue(self, guest_id: int) -> dict:
        """A new secret for the same guest and grants; the old link stops working at once."""
        require_admin(self.s.actor, "re-issue links")
        guestrows.get(self.s.space, guest_id)
        token = secrets.token_urlsafe(24)
        with self.s.write("guest.reissue", {"id": guest_id}):
            guestrows.update(self.s.space, guest_id, token_hash=token_hash(token), revoked_at=None, uses=0)
            row = guestrows.get(self.s.space, guest_id)
            address = _guest_role(self.s.space, row)  # the old secret signs in no more
        return self._with_link(row, token, address)

    def delete(self, guest_id: int) -> None:
        """Flatfile's model: deleting a guest removes its grants; inviting again issues a new link."""
        require_admin(self.s.actor, "remove guests")
        guestrows.get(self.s.space, guest_id)
        with self.s.write("guest.delete", {"id": guest_id}):
            guestrows.delete(self.s.space, guest_id)
            if self.s.space.d.server and serverguests.may_make_roles(self.s.space.db):
                serverguests.drop(self.s.space.db, self.s.space.db.schema, guest_id)

    def access_log(self) -> list[dict]:
        require_admin(self.s.actor, "read the access log")
        return guestrows.access_log(self.s.space)
