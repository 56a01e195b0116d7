"""Moderation: flags, auto-triage, note and user actions, and the audit log they all write.

Every change of a note's moderation state, a user's suspension or a user's role writes exactly one
audit_log row in the same transaction as the change. A moderator acts on the version of the note
they loaded (`expected_version`): if anything changed since, the action is refused with 409, so two
moderators never silently overwrite each other. Each change of a note's state also sends the write
hook (annotations.events.note_written, kind `moderated`), on which the change log hangs. Auto-triage
of what authors write is server/moderation/triage.py.
"""
from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import func, select, update

from server.accounts import services as accounts
from server.accounts.models import ROLES, User
from server.annotations import events
from server.annotations.models import Annotation
from server.annotations.visibility import check_visible
from server.db import db, utcnow
from server.errors import Conflict, Forbidden, Gone, NotFound, Unprocessable
from server.moderation.models import AuditEntry, Flag

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


# --- the queue and the log -----------------------------------------------------------------------------

def queue(state: str | None = None, reason: str | None = None, domain: str | None = None,
          author: str | None = None, since: datetime | None = None, limit: int = 50, offset_key=None):
    """Notes awaiting a decision (pending, or with open flags), most urgent first: open flags, then
    reach (ratings of the note and notes on its page), then age. Returns (rows, next key)."""
    from server.moderation.queue import queue_rows
    return queue_rows(state, reason, domain, author, since, limit, offset_key)


def log(actor: str | None = None, action: str | None = None, target: str | None = None,
        since: datetime | None = None, limit: int = 50, before: tuple | None = None) -> list[AuditEntry]:
    query = select(AuditEntry)
    if actor:
        query = query.join(User, User.id == AuditEntry.actor_id).where(User.username == actor.lower())
    if action:
        query = query.where(AuditEntry.action == action)
    if target:
        query = query.where(AuditEntry.target_id == target)
    if since:
        query = query.where(AuditEntry.created >= since)
    if before:
        created, entry_id = before
        query = query.where((AuditEntry.created < created) | ((AuditEntry.created == created) & (AuditEntry.id < entry_id)))
    return list(db.session.scalars(query.order_by(AuditEntry.created.desc(), AuditEntry.id.desc()).limit(limit + 1)))
