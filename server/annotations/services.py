"""Notes: create, read, edit, delete, list by page. Rules that span rows live here."""
from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from server.accounts.models import User
from server.annotations.models import Annotation, AnnotationTag
from server.db import db, utcnow
from server.documents.services import find_document, resolve_document
from server.errors import BadRequest, Forbidden, Gone, NotFound, PreconditionFailed, Unprocessable

DOCUMENT_FIELDS = ("canonical_url", "document_title")


def _loaded():
    """Everything a representation needs, fetched with the note rather than one query per field."""
    return (joinedload(Annotation.author), selectinload(Annotation.tag_rows))


def _set_tags(annotation: Annotation, tags: list[str]) -> None:
    annotation.tag_rows = [AnnotationTag(tag=tag, position=i) for i, tag in enumerate(tags)]


def create_annotation(author: User, data: dict) -> Annotation:
    for attempt in range(2):
        try:
            return _insert(author, data)
        except IntegrityError:
            # A concurrent request registered one of this page's URLs first; the retry finds it.
            db.session.rollback()
            if attempt:
                raise
    raise AssertionError("unreachable")


def _insert(author: User, data: dict) -> Annotation:
    fields = {k: v for k, v in data.items() if k not in DOCUMENT_FIELDS and k != "tags"}
    document = resolve_document(data["target_source"], data.get("canonical_url"), data.get("document_title"))
    now = utcnow()
    annotation = Annotation(document=document, author=author, created=now, modified=now, **fields)
    _set_tags(annotation, data.get("tags", []))
    db.session.add(annotation)
    db.session.commit()
    return annotation


def get_annotation(annotation_id: str) -> Annotation:
    annotation = db.session.scalars(
        select(Annotation).where(Annotation.id == annotation_id).options(*_loaded())).first()
    if annotation is None:
        raise NotFound("No note with this id.")
    if annotation.deleted is not None:
        raise Gone("This note was deleted.")
    return annotation


def _editable(user: User, annotation_id: str, expected_version: int | None) -> Annotation:
    annotation = get_annotation(annotation_id)
    if annotation.author_id != user.id:
        raise Forbidden("Only the author can change this note.", code="not_author")
    if expected_version is not None and expected_version != annotation.version:
        raise PreconditionFailed("The note changed since you loaded it; fetch it again.")
    return annotation


def _commit_edit(annotation: Annotation) -> None:
    try:
        db.session.commit()
    except StaleDataError:
        # Another edit committed between our read and our write (version_id_col caught it).
        db.session.rollback()
        raise PreconditionFailed("The note changed while you were editing it; fetch it again.") from None


def update_annotation(user: User, annotation_id: str, data: dict, expected_version: int | None) -> Annotation:
    """PUT (all fields given) and PATCH (some fields given) alike: replace what was sent."""
    if user.suspended:
        raise Forbidden("Your account is suspended.", code="suspended")
    annotation = _editable(user, annotation_id, expected_version)
    if "target_source" in data:
        document = find_document(data["target_source"])
        if document is None or document.id != annotation.document_id:
            raise Unprocessable(fields={"target.source": ["A note cannot move to another page."]})
    for key, value in data.items():
        if key == "tags":
            _set_tags(annotation, value)
        elif key not in DOCUMENT_FIELDS:
            setattr(annotation, key, value)
    annotation.modified = utcnow()
    _commit_edit(annotation)
    return annotation


def delete_annotation(user: User, annotation_id: str, expected_version: int | None) -> None:
    annotation = _editable(user, annotation_id, expected_version)
    # The author asked for the words to go: keep only the tombstone (id, page, times).
    annotation.deleted = annotation.modified = utcnow()
    annotation.body_text = ""
    annotation.quote_exact = annotation.quote_prefix = annotation.quote_suffix = ""
    annotation.tag_rows = []
    _commit_edit(annotation)


def encode_cursor(annotation: Annotation) -> str:
    raw = json.dumps([annotation.created.isoformat(), annotation.id], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).rstrip(b"=").decode()


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        created, annotation_id = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        moment = datetime.fromisoformat(created)
        if moment.tzinfo is None or not isinstance(annotation_id, str):
            raise ValueError("not a cursor of ours")
        return moment, annotation_id
    except (ValueError, TypeError, binascii.Error, UnicodeError):
        raise BadRequest("The cursor is not one this server gave out.", code="bad_cursor") from None


def list_for_page(url: str, limit: int, cursor: str | None) -> tuple[list[Annotation], str | None, int]:
    """A page's live notes, oldest first (created, then id): a keyset walk of one index."""
    document = find_document(url)
    if document is None:
        return [], None, 0
    live = and_(Annotation.document_id == document.id, Annotation.deleted.is_(None))
    query = select(Annotation).where(live)
    if cursor:
        created, last_id = decode_cursor(cursor)
        query = query.where(or_(Annotation.created > created,
                                and_(Annotation.created == created, Annotation.id > last_id)))
    rows = list(db.session.scalars(
        query.order_by(Annotation.created, Annotation.id).limit(limit + 1).options(*_loaded())))
    total = db.session.scalar(select(func.count()).select_from(Annotation).where(live))
    next_cursor = encode_cursor(rows[limit - 1]) if len(rows) > limit else None
    return rows[:limit], next_cursor, total
