"""Moderation: flags, auto-triage, note and user actions, and the audit log they all write.

Every change of a note's moderation state, a user's suspension or a user's role writes exactly one
audit_log row in the same transaction as the change. A moderator acts on the version of the note
they loaded (`expected_version`): if anything changed since, the action is refused with 409, so two
moderators never silently overwrite each other. Each change of a note's state also sends the write
hook (annotations.events.note_written, kind `moderated`), on which the change log hangs. Auto-triage
of what authors write is server/moderation/triage.py.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypedDict

from flask import current_app
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import aliased, joinedload

from server import cursors
from server.accounts import services as accounts
from server.accounts.models import ROLES, User
from server.annotations import events
from server.annotations.models import MODERATION_STATES, Annotation
from server.annotations.visibility import check_visible, may_see
from server.db import db, utcnow
from server.errors import Conflict, Forbidden, Gone, NotFound, Unprocessable
from server.moderation.models import AuditEntry, Flag
from server.moderation.queue import BY_URGENCY, QueueRow, queue_rows
from server.ratings.models import HELPFULNESS, Rating

# What each action does to a note's moderation state.
NOTE_ACTION_STATE = {"approve": "visible", "hide": "hidden", "remove": "removed", "restore": "visible"}


def _settings():
    return current_app.config["GLOSS"]


def audit(actor: User | None, action: str, target_type: str, target_id: str, old: str, new: str,
          reason: str = "") -> None:
    """Add the audit row for a change (the caller commits both together)."""
    db.session.add(AuditEntry(actor_id=actor.id if actor else None, action=action, target_type=target_type,
                              target_id=target_id, old_value=old, new_value=new, reason=reason))


def _note(annotation_id: str) -> Annotation:
    annotation = db.session.get(Annotation, annotation_id)
    if annotation is None:
        raise NotFound("No note with this id.")
    if annotation.deleted is not None:
        raise Gone("This note was deleted.")
    return annotation


def _set_state(annotation: Annotation, state: str, actor: User | None, action: str, reason: str) -> None:
    """Change a stored note's moderation state with its audit row, and send the write hook."""
    old = annotation.moderation_state
    annotation.moderation_state = state  # the ORM bumps `version` with the UPDATE (version_id_col)
    audit(actor, action, "annotation", annotation.id, old, state, reason)
    events.written(annotation, "moderated", prior_state=old)


# --- flags --------------------------------------------------------------------------------------------

def flag(flagger: User, annotation_id: str, reason: str, comment: str) -> Flag:
    annotation = check_visible(db.session.get(Annotation, annotation_id), flagger)
    already = db.session.scalars(select(Flag).where(Flag.annotation_id == annotation_id,
                                                    Flag.flagger_id == flagger.id, Flag.state == "open")).first()
    if already is not None:
        raise Conflict("You have already flagged this note; moderators will review it.", code="already_flagged")
    new_flag = Flag(annotation_id=annotation_id, flagger_id=flagger.id, reason=reason, comment=comment)
    db.session.add(new_flag)
    db.session.flush()
    if annotation.moderation_state == "visible" and _open_flaggers(annotation_id) >= _settings().triage_flags:
        _set_state(annotation, "pending", None, "auto_pending",
                   f"{_settings().triage_flags} or more open flags from different readers")
    db.session.commit()
    return new_flag


def _open_flaggers(annotation_id: str) -> int:
    return db.session.scalar(select(func.count(func.distinct(Flag.flagger_id)))
                             .where(Flag.annotation_id == annotation_id, Flag.state == "open"))


def flags_on_own_note(author: User, annotation_id: str) -> list[Flag]:
    """What an author may know: that their note was flagged and why, not by whom."""
    annotation = check_visible(db.session.get(Annotation, annotation_id), author)
    if annotation.author_id != author.id and not author.can_moderate:
        raise Forbidden("Only the author and moderators see a note's flags.", code="not_author")
    return list(db.session.scalars(select(Flag).where(Flag.annotation_id == annotation_id).order_by(Flag.created)))


# --- note actions --------------------------------------------------------------------------------------

def act_on_note(moderator: User, annotation_id: str, action: str, reason: str, expected_version: int) -> Annotation:
    annotation = _note(annotation_id)
    if annotation.author_id == moderator.id:
        raise Forbidden("Another moderator decides on your own notes.", code="own_note")
    if annotation.version != expected_version:
        raise Conflict("The note changed since you loaded it; reload and decide again.", code="stale")
    _set_state(annotation, NOTE_ACTION_STATE[action], moderator, action, reason)
    now = utcnow()
    db.session.execute(update(Flag).where(Flag.annotation_id == annotation_id, Flag.state == "open")
                       .values(state="reviewed", reviewed=now, reviewer_id=moderator.id))
    _commit_or_conflict()
    return annotation


def _commit_or_conflict() -> None:
    from sqlalchemy.orm.exc import StaleDataError
    try:
        db.session.commit()
    except StaleDataError:  # another moderator's action committed between our read and write
        db.session.rollback()
        raise Conflict("The note changed since you loaded it; reload and decide again.", code="stale") from None


# --- user actions ----------------------------------------------------------------------------------------

def act_on_user(moderator: User, username: str, action: str, reason: str, until: datetime | None = None,
                role: str | None = None) -> User:
    user = db.session.scalars(select(User).where(User.username == username.lower())).first()
    if user is None:
        raise NotFound("No such user.")
    if user.id == moderator.id:
        raise Forbidden("Moderators cannot act on their own account.", code="self")
    if user.is_moderator and moderator.role != "admin":
        raise Forbidden("Only admins act on moderators.", code="admin_only")
    if action == "suspend":
        old = "suspended" if user.is_suspended else "active"
        user.suspended, user.suspended_until = True, until
        accounts.end_ui_sessions(user)  # a moderator's web UI sign-ins end with the suspension
        audit(moderator, "suspend", "user", user.id, old, f"suspended until {until.isoformat()}" if until
              else "suspended", reason)
    elif action == "unsuspend":
        user.suspended, user.suspended_until = False, None
        audit(moderator, "unsuspend", "user", user.id, "suspended", "active", reason)
    elif action == "set_role":
        if moderator.role != "admin":
            raise Forbidden("Only admins change roles.", code="admin_only")
        if role not in ROLES:
            raise Unprocessable(fields={"role": [f"One of {', '.join(ROLES)}."]})
        audit(moderator, "set_role", "user", user.id, user.role, role, reason)
        user.role = role
        accounts.end_ui_sessions(user)  # sign in again under the new role
    elif action == "hide_notes":
        notes = db.session.scalars(select(Annotation).where(Annotation.author_id == user.id,
                                                            Annotation.deleted.is_(None),
                                                            Annotation.moderation_state == "visible")).all()
        for note in notes:  # one audit row per note changed
            _set_state(note, "hidden", moderator, "hide", reason or "all notes of a suspended user")
    db.session.commit()
    return user


# --- what the moderators' pages show --------------------------------------------------------------------
# Each page's rows come with everything the page shows of them, in a constant number of statements:
# nothing is left for a template to load lazily, one row at a time.

class QueueFilters(TypedDict, total=False):
    state: str | None  # a moderation state; None: pending, or with open flags
    reason: str | None  # of an open flag
    domain: str | None  # the page's host, parsed (documents.fields.Host)
    author: str | None  # a username, lower-case
    since: datetime | None  # written since


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    next: str | None  # the next page's cursor; None on the last page


def queue_page(filters: QueueFilters, limit: int = 50, cursor: str | None = None) -> QueuePage:
    """Notes awaiting a decision (pending, or with open flags), most urgent first: open flags, then
    reach (ratings of the note and views of its page), then age; after the row `cursor` names.
    Two statements (queue.py)."""
    rows = queue_rows(filters.get("state"), filters.get("reason"), filters.get("domain"), filters.get("author"),
                      filters.get("since"), limit, BY_URGENCY.decode(cursor))
    return QueuePage(*BY_URGENCY.cut(rows, limit))


class LogFilters(TypedDict, total=False):
    actor: str | None  # a moderator's username
    action: str | None
    target: str | None  # a note's or a user's id
    since: datetime | None


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditEntry]  # newest first
    names: dict[str, str]  # user id -> username, for the entries' actors and user targets
    next: str | None  # the next page's cursor; None on the last page


# The audit log's order: newest first, then by id (descending too); a row is (entry, actor, target name).
NEWEST_FIRST = cursors.Keyset((cursors.moment, cursors.text), lambda row: (row[0].created, row[0].id))


def log_page(filters: LogFilters, limit: int = 50, cursor: str | None = None) -> AuditPage:
    """The audit log newest first, older than the entry `cursor` names, with the usernames it
    names: one statement."""
    actor, target = aliased(User), aliased(User)
    query = (select(AuditEntry, actor.username, target.username)
             .outerjoin(actor, actor.id == AuditEntry.actor_id)
             .outerjoin(target, (AuditEntry.target_type == "user") & (target.id == AuditEntry.target_id)))
    if filters.get("actor"):
        query = query.where(actor.username == filters["actor"].lower())
    if filters.get("action"):
        query = query.where(AuditEntry.action == filters["action"])
    if filters.get("target"):
        query = query.where(AuditEntry.target_id == filters["target"])
    if filters.get("since"):
        query = query.where(AuditEntry.created >= filters["since"])
    before = NEWEST_FIRST.decode(cursor)
    if before:
        query = query.where(cursors.seek((AuditEntry.created, AuditEntry.id), before, descending=True))
    rows = db.session.execute(query.order_by(AuditEntry.created.desc(), AuditEntry.id.desc()).limit(limit + 1)).all()
    rows, next_cursor = NEWEST_FIRST.cut(rows, limit)
    names = {}
    for entry, actor_name, target_name in rows:
        if actor_name:
            names[entry.actor_id] = actor_name
        if target_name:
            names[entry.target_id] = target_name
    return AuditPage([entry for entry, _, _ in rows], names, next_cursor)


TRAIL, HISTORY = 100, 20  # a note's page: its last 100 moderation changes, its author's last 20


@dataclass(frozen=True)
class NoteContext:
    note: Annotation  # with its author loaded
    flags: list[Flag]  # newest first, open and reviewed
    trail: list[AuditEntry]  # the note's own moderation changes, newest first
    history: list[AuditEntry]  # changes to any note of its author, or to the author's account
    names: dict[str, str]  # user id -> username, for the flaggers and everyone who acted
    other_notes: int  # the author's other live notes
    ratings: dict  # {"total": n, "counts": {helpfulness: n}}


def note_context(note_id: str, viewer: User) -> NoteContext | None:
    """Everything a note's moderation page shows, in seven statements; None when there is no live note
    with this id that the viewer may see."""
    note = db.session.get(Annotation, note_id, options=[joinedload(Annotation.author)])
    if note is None or note.deleted is not None or not may_see(note, viewer):
        return None
    flags = list(db.session.scalars(select(Flag).where(Flag.annotation_id == note.id)
                                    .order_by(Flag.created.desc(), Flag.id)))
    newest_first = (AuditEntry.created.desc(), AuditEntry.id.desc())
    trail = list(db.session.scalars(select(AuditEntry).where(AuditEntry.target_id == note.id)
                                    .order_by(*newest_first).limit(TRAIL)))
    author_note_ids = select(Annotation.id).where(Annotation.author_id == note.author_id)
    history = list(db.session.scalars(select(AuditEntry).where(or_(
        (AuditEntry.target_type == "annotation") & AuditEntry.target_id.in_(author_note_ids),
        (AuditEntry.target_type == "user") & (AuditEntry.target_id == note.author_id)))
        .order_by(*newest_first).limit(HISTORY)))
    other_notes = db.session.scalar(select(func.count()).select_from(Annotation).where(
        Annotation.author_id == note.author_id, Annotation.id != note.id, Annotation.deleted.is_(None)))
    names = _usernames([f.flagger_id for f in flags] + [e.actor_id for e in trail + history])
    return NoteContext(note, flags, trail, history, names, other_notes, _ratings(note.id))


def _usernames(ids) -> dict[str, str]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.username).where(User.id.in_(ids))).all())


def _ratings(note_id: str) -> dict:
    counts = dict(db.session.execute(select(Rating.helpfulness, func.count()).where(Rating.annotation_id == note_id)
                                     .group_by(Rating.helpfulness)).all())
    return {"total": sum(counts.values()), "counts": {h: counts.get(h, 0) for h in HELPFULNESS}}


@dataclass(frozen=True)
class Dashboard:
    days: list[date]  # the last `days` UTC days, oldest first
    flags_per_day: list[int]  # flags raised, one count per day
    changes: dict[str, list[int]]  # new moderation state -> notes moved into it, one count per day
    current: dict[str, int]  # live notes per moderation state now


def dashboard(days: int = 30) -> Dashboard:
    """Flags and moderation state changes per UTC day over the last `days` days, and the notes per
    moderation state now: three statements."""
    today = utcnow().date()
    shown = [today - timedelta(days=days - 1 - i) for i in range(days)]
    since = datetime.combine(shown[0], datetime.min.time()).replace(tzinfo=utcnow().tzinfo)
    index = {day: i for i, day in enumerate(shown)}

    flags_per_day = [0] * days
    for created in db.session.scalars(select(Flag.created).where(Flag.created >= since)):
        if created.date() in index:
            flags_per_day[index[created.date()]] += 1

    changes = {state: [0] * days for state in MODERATION_STATES}
    rows = db.session.execute(select(AuditEntry.created, AuditEntry.new_value).where(
        AuditEntry.target_type == "annotation", AuditEntry.created >= since)).all()
    for created, new_state in rows:
        if created.date() in index and new_state in changes:
            changes[new_state][index[created.date()]] += 1

    current = dict.fromkeys(MODERATION_STATES, 0)
    for state, count in db.session.execute(select(Annotation.moderation_state, func.count()).where(
            Annotation.deleted.is_(None)).group_by(Annotation.moderation_state)):
        current[state] = count
    return Dashboard(shown, flags_per_day, changes, current)
