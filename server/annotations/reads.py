"""The hot read path: a page's notes as plain rows from two prebuilt statements, no ORM objects.

Listing a page is the request every reader makes, so it skips the ORM (building entities, identity
map, lazy-load machinery): one statement finds the page's document by URL key, counts its live notes
and returns the requested slice with author names and tags (the annotations.tag_list copy). It is
built once at import and compiled once per dialect (SQLAlchemy caches the compiled form).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import aliased

from server import cursors
from server.accounts.models import User
from server.annotations import fulltext
from server.annotations.models import Annotation, AnnotationTag
from server.annotations.visibility import ANONYMOUS, Viewer, visible_to_viewer
from server.db import db
from server.documents.hosts import on_host
from server.documents.models import DocumentUrl
from server.documents.urls import key_of_normalized


@dataclass(slots=True)
class NoteRow:
    """What a representation needs of a note; the same attribute names as the Annotation model."""

    id: str
    target_source: str
    motivation: str
    body_text: str
    body_language: str | None
    quote_exact: str
    quote_prefix: str
    quote_suffix: str
    position_start: int | None
    position_end: int | None
    created: datetime
    modified: datetime
    version: int
    status: str
    moderation_state: str
    author_name: str
    tags: list[str]
    canonical: str | None
    verdict: str | None = None
    text_version: int = 2  # the page-text model its selectors were measured on (anchoring/versions.py)


NOTE_COLUMNS = [Annotation.id, Annotation.target_source, Annotation.motivation, Annotation.body_text,
            Annotation.body_language, Annotation.quote_exact, Annotation.quote_prefix, Annotation.quote_suffix,
            Annotation.position_start, Annotation.position_end, Annotation.created, Annotation.modified,
            Annotation.version, Annotation.status, Annotation.moderation_state, User.username, Annotation.tag_list,
            Annotation.canonical, Annotation.verdict, Annotation.text_version]


def _page_statement(after_cursor: bool):
    document_id = select(DocumentUrl.document_id).where(DocumentUrl.url_key == bindparam("key")).scalar_subquery()
    counted = aliased(Annotation)
    total = (select(func.count()).select_from(counted)
             .where(counted.document_id == document_id, *visible_to_viewer(counted)).scalar_subquery())
    query = (select(*NOTE_COLUMNS, total.label("total"))
             .join(User, User.id == Annotation.author_id)
             .where(Annotation.document_id == document_id, *visible_to_viewer(Annotation)))
    if after_cursor:
        query = query.where(cursors.seek((Annotation.created, Annotation.id),
                                         (bindparam("after_created"), bindparam("after_id"))))
    return query.order_by(Annotation.created, Annotation.id).limit(bindparam("limit"))


_FIRST_PAGE = _page_statement(after_cursor=False)
_LATER_PAGE = _page_statement(after_cursor=True)


# A page's notes and a search by creation: oldest first, then by id. By last change: SORTS["updated"].
BY_CREATED = cursors.Keyset((cursors.moment, cursors.text), lambda note: (note.created, note.id))
BY_MODIFIED = cursors.Keyset((cursors.moment, cursors.text), lambda note: (note.modified, note.id))


def page_notes(url_key: str, limit: int, after: tuple[datetime, str] | None,
               viewer: Viewer = ANONYMOUS) -> tuple[list[NoteRow], int]:
    """Up to `limit` notes of the page with this URL key that the viewer sees (see visibility.visible_to_viewer), after
    the keyset position `after` (BY_CREATED), oldest first; and how many such notes the page has in all."""
    params = {"key": url_key, "limit": limit, **viewer.params}
    if after is not None:
        params["after_created"], params["after_id"] = after
    with db.engine.connect() as connection:
        rows = connection.execute(_LATER_PAGE if after else _FIRST_PAGE, params).all()
        total = rows[0][-1] if rows else _count(connection, params, after)
    return [NoteRow(*row[:-1]) for row in rows], total


_COUNT = (select(func.count()).select_from(Annotation)
          .where(Annotation.document_id == select(DocumentUrl.document_id)
                 .where(DocumentUrl.url_key == bindparam("key")).scalar_subquery(), *visible_to_viewer(Annotation)))


def _count(connection, params: dict, after) -> int:
    """The total when the slice is empty (past the last note, or an unknown page)."""
    if after is None:
        return 0
    return connection.scalar(_COUNT, {k: params[k] for k in ("key", "statuses", "viewer", "moderator")})


# What search_notes filters on besides a page (url_key), as the search query schema loads them.
FILTERS = ("text", "domain", "user", "tag", "motivation", "created_after", "created_before", "updated_after")
# A search's order: the column, then id; and the keyset its cursor walks.
SORTS = {"created": (Annotation.created, BY_CREATED), "updated": (Annotation.modified, BY_MODIFIED)}


def search_filters(query: dict) -> dict:
    """What reads.search_notes filters on, from a loaded search query (a page URL becomes its key)."""
    filters = {name: query[name] for name in FILTERS if name in query}
    if query.get("url") is not None:
        filters["url_key"] = key_of_normalized(query["url"])
    return filters


def search_notes(filters: dict, sort: str, limit: int, after: tuple[datetime, str] | None, viewer: Viewer,
                 newest_first: bool = False) -> tuple[list[NoteRow], int]:
    """Notes matching `filters` (url key, domain, user, tag, motivation, created_after/before,
    updated_after, text: a list of fulltext.Term) that the viewer sees, ordered by `sort` (created or
    updated) then id, oldest first (newest first with `newest_first`), keyset-paged after `after`; and
    how many match in all."""
    column = SORTS[sort][0]
    conditions = list(visible_to_viewer(Annotation))
    if "url_key" in filters:
        conditions.append(Annotation.document_id == select(DocumentUrl.document_id)
                          .where(DocumentUrl.url_key == filters["url_key"]).scalar_subquery())
    if "domain" in filters:
        conditions.append(on_host(filters["domain"], Annotation.document_id))
    if "user" in filters:
        conditions.append(Annotation.author_id == select(User.id).where(User.username == filters["user"])
                          .scalar_subquery())
    if "tag" in filters:
        conditions.append(select(AnnotationTag.tag).where(AnnotationTag.annotation_id == Annotation.id,
                                                          AnnotationTag.tag == filters["tag"])
                          .correlate(Annotation).exists())
    if "motivation" in filters:
        conditions.append(Annotation.motivation == filters["motivation"])
    if "text" in filters:
        conditions += fulltext.matching(filters["text"], db.engine.dialect.name, Annotation)
    for key, test in (("created_after", lambda v: Annotation.created > v),
                      ("created_before", lambda v: Annotation.created < v),
                      ("updated_after", lambda v: Annotation.modified > v)):
        if key in filters:
            conditions.append(test(filters[key]))
    params = viewer.params
    page = select(*NOTE_COLUMNS).join(User, User.id == Annotation.author_id).where(*conditions)
    if after is not None:
        page = page.where(cursors.seek((column, Annotation.id), after, descending=newest_first))
    order = (column.desc(), Annotation.id.desc()) if newest_first else (column, Annotation.id)
    with db.engine.connect() as connection:
        rows = connection.execute(page.order_by(*order).limit(limit), params).all()
        total = connection.scalar(select(func.count()).select_from(Annotation).where(*conditions), params)
    return [NoteRow(*row) for row in rows], total
