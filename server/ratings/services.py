"""Rating notes: one rating per reader per note, and what the ratings add up to."""
from __future__ import annotations

from collections import Counter

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from server.accounts.models import User
from server.annotations.models import Annotation
from server.annotations.visibility import check_visible
from server.db import db, utcnow
from server.errors import Conflict, Forbidden, NotFound
from server.ratings.models import HELPFULNESS, NoteScore, Rating, StatusChange


def _ratable(annotation_id: str, viewer: User | None) -> Annotation:
    """A note this viewer may read (the one visibility rule) that moderators have not held back:
    ratings are for what readers are shown."""
    annotation = check_visible(db.session.get(Annotation, annotation_id), viewer)
    if annotation.moderation_state != "visible":
        raise NotFound("No note with this id.")
    return annotation


def rate(rater: User, annotation_id: str, helpfulness: str, reasons: list[str]) -> tuple[Rating, bool]:
    """Create or replace the rater's rating of a note. Returns (rating, created)."""
    annotation = _ratable(annotation_id, rater)
    if annotation.author_id == rater.id:
        raise Forbidden("Authors cannot rate their own notes.", code="own_note")
    rating = db.session.scalars(select(Rating).where(Rating.annotation_id == annotation_id,
                                                     Rating.rater_id == rater.id)).first()
    created = rating is None
    if created:
        rating = Rating(annotation_id=annotation_id, rater_id=rater.id)
        db.session.add(rating)
    rating.helpfulness, rating.reasons, rating.modified = helpfulness, list(reasons), utcnow()
    try:
        db.session.commit()
    except IntegrityError:  # the same rater's concurrent first rating won
        db.session.rollback()
        raise Conflict("This note was rated by you at the same moment; try again.") from None
    return rating, created


def withdraw(rater: User, annotation_id: str) -> None:
    _ratable(annotation_id, rater)
    rating = db.session.scalars(select(Rating).where(Rating.annotation_id == annotation_id,
                                                     Rating.rater_id == rater.id)).first()
    if rating is None:
        raise NotFound("You have not rated this note.")
    db.session.delete(rating)
    db.session.commit()


def my_rating(rater: User | None, annotation_id: str) -> Rating | None:
    if rater is None:
        return None
    return db.session.scalars(select(Rating).where(Rating.annotation_id == annotation_id,
                                                   Rating.rater_id == rater.id)).first()


def summary(annotation_id: str, viewer: User | None) -> dict:
    """Counts, reasons, the visible status, the scorer's latest view, and the status history, to
    whoever may read the note: moderators and its author too while moderators hold it back."""
    annotation = check_visible(db.session.get(Annotation, annotation_id), viewer)
    ratings = db.session.scalars(select(Rating).where(Rating.annotation_id == annotation_id)).all()
    score = db.session.get(NoteScore, annotation_id)
    history = db.session.scalars(select(StatusChange).where(StatusChange.annotation_id == annotation_id)
                                 .order_by(StatusChange.changed)).all()
    counts = Counter(r.helpfulness for r in ratings)
    reasons = Counter(reason for r in ratings for reason in r.reasons)
    return {"annotation": annotation, "ratings": len(ratings),
            "counts": {h: counts.get(h, 0) for h in HELPFULNESS},
            "reasons": dict(sorted(reasons.items())), "score": score, "history": history}
