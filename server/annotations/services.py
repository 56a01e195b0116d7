"""Notes: create, read, edit, delete, list by page. Rules that span rows live here.

Every write ends the same way before its commit: it asks triage about a body it sets and applies the
decision, then sends the write hook once (server/annotations/events.py), on which the change log, the
quote index and the audit row of a hold hang. This module imports none of the features behind them."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from server.accounts.models import User
from server.anchoring import PositionSelector, QuoteSelector
from server.anchoring.selectors import describe, locate
from server.anchoring.versions import TEXT_VERSION
from server.annotations import events
from server.annotations.models import Annotation, AnnotationTag
from server.annotations.reads import BY_CREATED, FILTERS, SORTS, NoteRow, page_notes, search_filters, search_notes
from server.annotations.visibility import ANONYMOUS, Viewer, check_visible, may_see
from server.db import db, new_id, utcnow
from server.documents.services import find_document, resolve_document
from server.documents.urls import key_of_normalized
from server.errors import Forbidden, Gone, NotFound, PreconditionFailed, Unprocessable

DOCUMENT_FIELDS = ("canonical_url", "document_title", "page_text")


def _loaded():
    """Everything a representation needs, fetched with the note rather than one query per field."""
    return (joinedload(Annotation.author), selectinload(Annotation.tag_rows))


SELECTOR_FIELDS = ("quote_exact", "quote_prefix", "quote_suffix", "position_start", "position_end")


def _set_tags(annotation: Annotation, tags: list[str]) -> None:
    annotation.tag_rows = [AnnotationTag(tag=tag, position=i) for i, tag in enumerate(tags)]
    annotation.tag_list = list(tags)


def complete_selectors(data: dict) -> dict:
    """Fill in a missing quote or position (and empty context) from the page text sent along.

    The page text is only read here; it is never stored.
    """
    if "target_source" not in data:
        return data
    max_quote_chars = current_app.config["GLOSS"].limits.max_quote_chars
    text = data.get("page_text")
    data.setdefault("position_start", None)
    data.setdefault("position_end", None)
    has_quote, has_position = data.get("quote_exact") is not None, data["position_start"] is not None
    if text is None:
        if not has_quote:
            raise Unprocessable(fields={"target.selector": [
                "A TextQuoteSelector is required unless gloss.page_text is sent to derive it."]})
        data["quote_prefix"], data["quote_suffix"] = data.get("quote_prefix") or "", data.get("quote_suffix") or ""
        return data
    if not has_quote:
        start, end = data["position_start"], data["position_end"]
        if end > len(text) or not text[start:end].strip() or end - start > max_quote_chars:
            raise Unprocessable(fields={"target.selector": [
                "The TextPositionSelector does not select 1 to "
                f"{max_quote_chars} characters of gloss.page_text."]})
        quote = describe(text, start, end)
        data.update(quote_exact=quote.exact, quote_prefix=quote.prefix, quote_suffix=quote.suffix)
        return data
    position = PositionSelector(data["position_start"], data["position_end"]) if has_position else None
    found = locate(text, QuoteSelector(data["quote_exact"], data["quote_prefix"] or "", data["quote_suffix"] or ""),
                   position)
    if found is None:
        raise Unprocessable(fields={"target.selector": ["The quote is not in gloss.page_text."]})
    context = describe(text, found.start, found.end)
    data.update(position_start=found.start, position_end=found.end,
                quote_prefix=data["quote_prefix"] or context.prefix,
                quote_suffix=data["quote_suffix"] or context.suffix)
    return data


def create_annotation(author: User, data: dict) -> Annotation:
    data = complete_selectors(data)
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
    # The id is chosen here so that the hook's rows (a hold's audit row among them) can name the note before
    # its INSERT, and nothing flushes before the commit: the note is written once, with its moderation
    # state and ever_public.
    annotation = Annotation(id=new_id(), document=document, author=author, created=now, modified=now, **fields)
    with db.session.no_autoflush:
        _set_tags(annotation, data.get("tags", []))
        check_verdict(annotation.motivation, annotation.verdict)
        db.session.add(annotation)
        hold = _triage(author, annotation)
        events.written(annotation, "created", prior_state="visible", hold=hold)
    db.session.commit()
    return annotation


def _triage(author: User, annotation: Annotation) -> events.Hold | None:
    """Ask triage about the body being written (moderation decides) and apply a hold to the note."""
    hold = events.triage_decision(author, annotation.body_text or "", annotation.moderation_state)
    if hold is not None:
        annotation.moderation_state = hold.state
    return hold


def check_verdict(motivation: str, verdict: str | None) -> None:
    """A fact-check verdict belongs to an assessment: any other note carrying one is a 422."""
    if verdict is not None and motivation != "assessing":
        message = "Only a note with motivation 'assessing' can carry a verdict."
        raise Unprocessable(message, code="verdict_not_assessing", fields={"gloss.verdict": [message]})


def _find(annotation_id: str) -> Annotation:
    annotation = db.session.scalars(
        select(Annotation).where(Annotation.id == annotation_id).options(*_loaded())).first()
    if annotation is None:
        raise NotFound("No note with this id.")
    return annotation


def get_annotation(annotation_id: str) -> Annotation:
    """A live note whoever asks (for the server's own use: the demo seed)."""
    annotation = _find(annotation_id)
    if annotation.deleted is not None:
        raise Gone("This note was deleted.")
    return annotation


def get_visible_annotation(annotation_id: str, viewer: User | None) -> Annotation:
    """A note as this viewer may see it (visibility.py): else 404 as for a missing id, or 410."""
    return check_visible(_find(annotation_id), viewer)


def _editable(user: User, annotation_id: str, expected_version: int | None) -> Annotation:
    annotation = _find(annotation_id)
    if not may_see(annotation, user):
        raise NotFound("No note with this id.")  # others' held-back notes answer as missing ones do
    if annotation.deleted is not None:
        raise Gone("This note was deleted.")
    if annotation.author_id != user.id:
        raise Forbidden("Only the author can change this note.", code="not_author")
    if annotation.moderation_state == "removed":
        # Kept as it was for the audit: neither edited nor erased.
        raise Forbidden("A moderator removed this note; it can no longer be changed.", code="removed")
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
    annotation = _editable(user, annotation_id, expected_version)
    data = complete_selectors(data)
    if "target_source" in data:
        document = find_document(data["target_source"])
        if document is None or document.id != annotation.document_id:
            raise Unprocessable(fields={"target.source": ["A note cannot move to another page."]})
    if any(key in SELECTOR_FIELDS and getattr(annotation, key) != value for key, value in data.items()):
        # New selectors come from the client's current extraction, not the model the note was written on.
        annotation.text_version = TEXT_VERSION
    body_changed = "body_text" in data and data["body_text"] != annotation.body_text
    for key, value in data.items():
        if key == "tags":
            _set_tags(annotation, value)
        elif key == "canonical":
            annotation.canonical = annotation.canonical or value  # a canonical IRI never changes once set
        elif key not in DOCUMENT_FIELDS:
            setattr(annotation, key, value)
    check_verdict(annotation.motivation, annotation.verdict)
    annotation.modified = utcnow()
    prior_state = annotation.moderation_state
    hold = _triage(user, annotation) if body_changed else None
    events.written(annotation, "updated", prior_state, hold)
    _commit_edit(annotation)
    return annotation


def delete_annotation(user: User, annotation_id: str, expected_version: int | None) -> None:
    annotation = _editable(user, annotation_id, expected_version)
    # The author asked for the words to go: keep only the tombstone (id, page, times).
    annotation.deleted = annotation.modified = utcnow()
    annotation.body_text = ""
    annotation.quote_exact = annotation.quote_prefix = annotation.quote_suffix = ""
    annotation.verdict = None
    _set_tags(annotation, [])
    events.written(annotation, "deleted", annotation.moderation_state)
    _commit_edit(annotation)


# Any of these turns GET /api/annotations?url= from the page listing into a search.
SEARCH_PARAMS = (*FILTERS, "sort")


def find_notes(query: dict, viewer: Viewer) -> tuple[list[NoteRow], str | None, int]:
    """GET /api/annotations (its AnnotationSearchQuerySchema loaded): one page's notes, through the
    reader's prebuilt statement, or a search across pages when any search parameter is given."""
    url, limit, cursor = query.get("url"), query["limit"], query.get("cursor")
    if url is not None and not any(name in query for name in SEARCH_PARAMS):
        return list_for_page(url, limit, cursor, viewer)
    return search(search_filters(query), query.get("sort", "created"), limit, cursor, viewer)


def list_for_page(url: str, limit: int, cursor: str | None,
                  viewer: Viewer = ANONYMOUS) -> tuple[list[NoteRow], str | None, int]:
    """A normalized page URL's notes the viewer sees, oldest first (created, then id): a keyset walk
    of one index."""
    notes, total = page_notes(key_of_normalized(url), limit + 1, BY_CREATED.decode(cursor), viewer)
    return (*BY_CREATED.cut(notes, limit), total)


def search(filters: dict, sort: str, limit: int, cursor: str | None,
           viewer: Viewer) -> tuple[list[NoteRow], str | None, int]:
    """Notes across pages matching `filters`, ordered by `sort` ("created" or "updated") then id."""
    keyset = SORTS[sort][1]
    notes, total = search_notes(filters, sort, limit + 1, keyset.decode(cursor), viewer)
    return (*keyset.cut(notes, limit), total)
