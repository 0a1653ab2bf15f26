"""Guests and their links: magic links for named guests, expiring shared links for anyone who
has one. A link is flatspace://open?space=<id>&token=<secret>; the secret (192 random bits) is
shown once and stored only as its SHA-256; links are checked here, in the service layer, and a
refused link is logged. Opening a link gives an Actor that every service call then checks."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urlparse

from ..domain.access import Actor, require_admin
from ..domain.blueprint import slugify
from ..domain.clock import now, now_iso
from ..storage.db import translate_errors
from ..domain.errors import AccessDenied, InvalidInput, NotFound
from ..storage.models import get_or_refuse

SCHEME = "flatspace"
DURATION = re.compile(r"^(\d+)\s*([mhdw])$")
UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,128}$")  # what secrets.token_urlsafe gives, with room
MAX_EXPIRY = timedelta(days=366)  # shared links are temporary; a longer one is a magic link's job
MAX_USES = 1_000_000
REFUSED = {"revoked": "This link was revoked.", "expired": "This link has expired.",
           "used up": "This link has been used as many times as it allows."}


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def make_link(space_id: str, token: str) -> str:
    return f"{SCHEME}://open?" + urlencode({"space": space_id, "token": token})


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


class GuestOps:
    def _grants(self, space, workbooks, sheets) -> tuple[str | None, str | None]:
        """Workbook and sheet references (ids, names or slugs) as stored id lists."""
        wb_ids, sheet_ids = None, None
        if workbooks:
            W = space.m.Workbook
            live = {str(w.id): w.id for w in W.select().where(W.deleted_at.is_null())}
            live.update({w.name: w.id for w in W.select().where(W.deleted_at.is_null())})
            missing = [w for w in workbooks if str(w) not in live]
            if missing:
                raise NotFound(f'no workbook "{missing[0]}" in this Space')
            wb_ids = json.dumps(sorted({live[str(w)] for w in workbooks}))
        if sheets:
            sheet_ids = json.dumps(sorted({space.resolve_sheet(str(s)).id for s in sheets}))
        return wb_ids, sheet_ids

    def _issue(self, actor: Actor, ref: str, kind: str, name: str = "", email: str = "", workbooks=None,
               sheets=None, read_only: bool = False, expires: str | None = None, uses: int | None = None) -> dict:
        require_admin(actor, "invite guests")
        if uses is not None and not 0 < uses <= MAX_USES:
            raise InvalidInput(f"a number of uses must be from 1 to {MAX_USES:,}")
        lasts = parse_duration(expires) if expires else None
        space = self._space_for(actor, ref)
        allowed = json.loads(space.row().guest_authentication)
        if kind not in allowed:
            raise InvalidInput(f"this Space does not allow {kind} guests (it allows: {', '.join(allowed) or 'none'}); "
                               f"change it with `flatspace space update SPACE --guest-auth {kind}`")
        wb_ids, sheet_ids = self._grants(space, workbooks, sheets)
        token = secrets.token_urlsafe(24)
        expires_at = (now() + lasts).isoformat(timespec="milliseconds").replace("+00:00", "Z") if lasts else None
        G = space.m.Guest
        with self._write(space, actor, "guest.issue", {"kind": kind, "name": name}):
            row = G.create(kind=kind, name=name, email=email, token_hash=_hash(token), workbooks=wb_ids,
                           sheets=sheet_ids, read_only=read_only, created_at=now_iso(), created_by=actor.id,
                           expires_at=expires_at, max_uses=uses)
        return {**self._guest_dict(row), "link": make_link(space.id, token)}

    def invite_guest(self, actor: Actor, ref: str, name: str, email: str, workbooks=None, sheets=None,
                     read_only: bool = False) -> dict:
        """A named guest with a personal magic link (shown once)."""
        if not name or not name.strip():
            raise InvalidInput("a guest needs a name")
        if not email or "@" not in email:
            raise InvalidInput(f'"{email}" is not an email address')
        return self._issue(actor, ref, "magic_link", name.strip(), email.strip(), workbooks, sheets, read_only)

    def share_link(self, actor: Actor, ref: str, expires: str = "24h", uses: int | None = None, workbooks=None,
                   sheets=None, read_only: bool = False) -> dict:
        """An anonymous link for anyone who has it, expiring (24 hours unless said)."""
        return self._issue(actor, ref, "shared_link", "", "", workbooks, sheets, read_only, expires or "24h", uses)

    def _guest_dict(self, row) -> dict:
        return {"id": row.id, "kind": row.kind, "name": row.name, "email": row.email,
                "workbooks": json.loads(row.workbooks) if row.workbooks else None,
                "sheets": json.loads(row.sheets) if row.sheets else None, "readOnly": bool(row.read_only),
                "createdAt": row.created_at, "expiresAt": row.expires_at, "maxUses": row.max_uses, "uses": row.uses,
                "lastAccessAt": row.last_access_at, "state": guest_state(row)}

    def list_guests(self, actor: Actor, ref: str) -> list[dict]:
        require_admin(actor, "see who has access")
        G = self._space_for(actor, ref).m.Guest
        return [self._guest_dict(r) for r in G.select().order_by(G.id)]

    def _guest(self, space, guest_id: int):
        return get_or_refuse(space.m.Guest, guest_id, "guest")

    def revoke_guest(self, actor: Actor, ref: str, guest_id: int) -> dict:
        require_admin(actor, "revoke links")
        space = self._space_for(actor, ref)
        self._guest(space, guest_id)
        G = space.m.Guest
        with self._write(space, actor, "guest.revoke", {"id": guest_id}):
            G.update(revoked_at=now_iso()).where(G.id == guest_id).execute()
        return self._guest_dict(self._guest(space, guest_id))

    def reissue_link(self, actor: Actor, ref: str, guest_id: int) -> dict:
        """A new secret for the same guest and grants; the old link stops working at once."""
        require_admin(actor, "re-issue links")
        space = self._space_for(actor, ref)
        self._guest(space, guest_id)
        token = secrets.token_urlsafe(24)
        G = space.m.Guest
        with self._write(space, actor, "guest.reissue", {"id": guest_id}):
            G.update(token_hash=_hash(token), revoked_at=None, uses=0).where(G.id == guest_id).execute()
        return {**self._guest_dict(self._guest(space, guest_id)), "link": make_link(space.id, token)}

    def delete_guest(self, actor: Actor, ref: str, guest_id: int) -> None:
        """Flatfile's model: deleting a guest removes its grants; inviting again issues a new link."""
        require_admin(actor, "remove guests")
        space = self._space_for(actor, ref)
        self._guest(space, guest_id)
        with self._write(space, actor, "guest.delete", {"id": guest_id}):
            space.m.Guest.delete().where(space.m.Guest.id == guest_id).execute()

    def open_link(self, link: str) -> Actor:
        """Check a link and return the guest it stands for; refusals are logged and explained."""
        parsed = urlparse(link.strip() if isinstance(link, str) else "")
        params = parse_qs(parsed.query)
        if parsed.scheme != SCHEME or parsed.netloc != "open" or "space" not in params or "token" not in params:
            raise AccessDenied("This is not a Flatspace link (flatspace://open?space=…&token=…).")
        space_id, token = params["space"][0], params["token"][0]
        if space_id not in self.catalog.ids():
            raise AccessDenied("This link is for a Space that is not on this computer.")
        space = self.space(space_id)
        with translate_errors():  # the use counter and the log are writes: an import may hold the Space
            return self._open_guest(space, token)

    def _open_guest(self, space, token: str) -> Actor:
        G = space.m.Guest
        wanted = _hash(token) if TOKEN.match(token) else ""  # bytes no link holds are never looked up
        row = G.get_or_none(G.token_hash == wanted) if wanted else None
        if row is None or not hmac.compare_digest(row.token_hash, wanted):
            self._refuse(space, None, "unknown or altered token")
            raise AccessDenied("This link is not valid for this Space: it may have been altered or re-issued.")
        state = self._link_state(space, row)
        if state == "active":
            # Checked and counted in one statement: of eight clicks at once on a single-use
            # link, exactly one finds a use left.
            with space.db.atomic():
                counted = G.update(uses=G.uses + 1, last_access_at=now_iso()).where(
                    (G.id == row.id) & (G.max_uses.is_null() | (G.uses < G.max_uses))).execute()
            state = "active" if counted else "used up"
        if state != "active":
            self._refuse(space, row.id, state)
            raise AccessDenied(REFUSED.get(state, f"This Space no longer allows {row.kind.replace('_', ' ')}s.")
                               + " Ask the Space's owner for a new one.")
        return Actor(id=f"guest:{row.id}", name=row.name or "Guest with a shared link", kind="guest",
                     space_id=space.id,
                     workbooks=frozenset(json.loads(row.workbooks)) if row.workbooks else None,
                     sheets=frozenset(json.loads(row.sheets)) if row.sheets else None,
                     read_only=bool(row.read_only), link=row.token_hash)

    @staticmethod
    def _link_state(space, row) -> str:
        """guest_state, or "not allowed" once the Space stops allowing the link's kind."""
        state = guest_state(row)
        if state == "active" and row.kind not in json.loads(space.row().guest_authentication):
            return "not allowed"
        return state

    def who(self, ref: str, actor_id: str | None) -> str:
        """A person's name for an actor id kept with a change ("admin:ana", "guest:3")."""
        if not actor_id:
            return "unknown"
        kind, _, rest = actor_id.partition(":")
        if kind == "guest" and rest.isdigit():
            G = self.space(ref).m.Guest
            row = G.get_or_none(G.id == int(rest))
            return f"{row.name or 'a shared link'} (guest)" if row else f"a former guest ({rest})"
        return rest or actor_id

    def check_guest(self, space, actor: Actor) -> None:
        """An open guest session ends the moment its link is revoked, re-issued, expires or is
        removed, or the Space stops allowing its kind of link: checked on every call."""
        if actor.is_admin:
            return
        G = space.m.Guest
        with translate_errors():
            row = G.get_or_none(G.id == int(actor.id.split(":", 1)[1]))
            state = "removed" if row is None else self._link_state(space, row)
        if state == "active" and actor.link and row.token_hash != actor.link:
            state = "re-issued"
        if state == "not allowed":
            raise AccessDenied(f"This Space no longer allows {row.kind.replace('_', ' ')}s: "
                               "ask the Space's owner for a new link.")
        if state in ("revoked", "re-issued", "expired", "removed"):
            raise AccessDenied(f"Your link was {state if state != 'removed' else 'withdrawn'}: "
                               "ask the Space's owner for a new one.")

    def granted_blueprint(self, space, actor: Actor, wb) -> dict:
        """A workbook's blueprint as the actor may see it: a guest granted only some of its sheets
        sees those sheets alone (no names or fields of the others); one granted none is refused."""
        if wb is not None and actor.may_see(wb.id):
            return json.loads(wb.blueprint)
        seen = {s.slug for s in space.sheet_refs() if wb is not None and s.workbook_id == wb.id
                and actor.may_see(wb.id, s.id)}
        if not seen:
            raise AccessDenied("This workbook was not shared with you.")
        blueprint = json.loads(wb.blueprint)
        return {**blueprint, "sheets": [s for s in blueprint.get("sheets", [])
                                        if (s.get("slug") or slugify(s.get("name", ""))) in seen]}

    def may_open(self, actor: Actor, space_id: str) -> bool:
        """Whether a guest's link still opens this Space (check_session, as a yes or no)."""
        if space_id != actor.space_id and not actor.is_admin:
            return False
        try:
            self.check_session(actor, space_id)
        except AccessDenied:
            return False
        return True

    def check_session(self, actor: Actor, ref: str) -> None:
        """Refuse (AccessDenied, saying why) once the actor may no longer open the Space: cheap
        enough for a window to ask every few seconds, so a revoked guest's view closes itself."""
        self._space_for(actor, ref)

    def _refuse(self, space, guest_id, reason: str) -> None:
        with space.db.atomic():
            space.db.execute_sql("INSERT INTO access_log (at, guest_id, outcome, reason) VALUES (?, ?, 'refused', ?)",
                                 (now_iso(), guest_id, reason))

    def access_log(self, actor: Actor, ref: str) -> list[dict]:
        require_admin(actor, "read the access log")
        rows = self._space_for(actor, ref).db.execute_sql(
            "SELECT at, guest_id, outcome, reason FROM access_log ORDER BY id")
        return [{"at": a, "guest": g, "outcome": o, "reason": r} for a, g, o, r in rows]
