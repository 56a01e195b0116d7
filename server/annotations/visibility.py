"""Who sees which note: the one rule, for a note read by its id (`may_see`, `check_visible`) and in SQL
for listings (`visible_to_viewer`, bound with a `Viewer`'s parameters).

- Moderators (an active account with the role) see every live note.
- Authors see their own notes whatever their state (a removed one answers 410 `removed`).
- Everyone else sees a note moderators have not held back whose community status is public
  (`not_helpful` is for moderators only).
A note someone may not see answers exactly as a missing id does (404), so that the answer never tells
a held-back note from no note at all; a deleted note answers 410 only to whom could see it before.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Boolean, and_, bindparam, or_

from server.annotations.models import COMMUNITY_STATUSES
from server.errors import Gone, NotFound

STATUSES = COMMUNITY_STATUSES
MODERATOR_ONLY_STATUSES = frozenset({"not_helpful"})
DEFAULT_STATUSES = ("helpful",)  # what a listing shows of others' notes unless asked otherwise


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who asks for a listing, decided once per request: the user's id (None: anonymous, or an app
    key), whether they may moderate, and the community statuses of others' notes they asked for and
    may see (not_helpful only for moderators; their own notes show whatever their status)."""

    id: str | None = None
    moderator: bool = False
    statuses: tuple[str, ...] = DEFAULT_STATUSES

    @classmethod
    def of(cls, user, asked: tuple[str, ...] = ()) -> Viewer:
        """The viewer a user (or None) is, asking for the statuses `asked` (none asked: the default)."""
        moderator = bool(user and user.can_moderate)
        statuses = tuple(s for s in dict.fromkeys(asked or DEFAULT_STATUSES)
                         if s not in MODERATOR_ONLY_STATUSES or moderator)
        return cls(user.id if user else None, moderator, statuses)

    @classmethod
    def public(cls, asked: tuple[str, ...] = ()) -> Viewer:
        """An anonymous reader: what the feeds show, whoever asks."""
        return cls.of(None, asked)

    @property
    def params(self) -> dict:
        """visible_to_viewer's bound parameters."""
        return {"statuses": list(self.statuses), "viewer": self.id or "", "moderator": self.moderator}


ANONYMOUS = Viewer()  # no account, the default statuses: the default viewer of the read functions


def may_ask_for(status: str, viewer) -> bool:
    """Whether a viewer may list notes of this community status (others' notes; their own always show)."""
    return status not in MODERATOR_ONLY_STATUSES or bool(viewer and viewer.can_moderate)


def may_see(annotation, viewer) -> bool:
    if viewer is not None and (viewer.can_moderate or viewer.id == annotation.author_id):
        return True
    return annotation.moderation_state == "visible" and may_ask_for(annotation.status, viewer)


def check_visible(annotation, viewer):
    """The note looked up by id (None when there is none) if this viewer may read it; else raise what
    they are told (404, or 410 deleted/removed)."""
    if annotation is None or not may_see(annotation, viewer):
        raise NotFound("No note with this id.")
    if annotation.deleted is not None:
        raise Gone("This note was deleted.")
    if annotation.moderation_state == "removed" and not viewer.can_moderate:
        raise Gone("A moderator removed this note.", code="removed")
    return annotation


def visible_to_viewer(notes) -> tuple:
    """What this reader sees: live notes moderators have not held back whose community status is one
    the reader asked for (`statuses`: Viewer.params binds them); the reader's own notes whatever their
    state (each carries its moderation_state); and, for moderators, every note of those statuses
    whatever its moderation."""
    return (notes.deleted.is_(None),
            or_(and_(or_(notes.moderation_state == "visible", bindparam("moderator", type_=Boolean)),
                     notes.status.in_(bindparam("statuses", expanding=True))),
                notes.author_id == bindparam("viewer")))
