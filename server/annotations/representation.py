"""The representation of a note: its W3C Web Annotation JSON-LD form (Gloss's own fields under
`gloss`), its IRI, its ETag and the If-Match that names one, and the output schemas that describe
what `present` builds for the API reference.

Part of the annotations feature's public surface (with `visibility.py` and `services.py`): other
features present notes through this module, never through `annotations/views.py`.
"""
from __future__ import annotations

import re

from flask import Response, request
from marshmallow import Schema, fields, validate

from server.annotations.models import COMMUNITY_STATUSES, MODERATION_STATES, VERDICTS
from server.annotations.schemas import MOTIVATIONS, W3C_CONTEXT
from server.apidocs.declare import Alternatives
from server.errors import PreconditionFailed
from server.web import W3C_JSON_LD, absolute_url, base_url, json_response, rfc3339

ETAG_VERSION = re.compile(r'^(?:W/)?"v(\d{1,10})"$')  # int() refuses 4,300+ digits


def annotation_iri(annotation_id: str) -> str:
    return absolute_url(f"/annotations/{annotation_id}")


def present(annotation, base: str | None = None) -> dict:
    """The W3C Web Annotation JSON-LD form, with Gloss's own fields under `gloss`.

    `annotation` is an Annotation or a reads.NoteRow (same attribute names); `base` is the public
    origin, computed once by callers that present many notes."""
    base = base or base_url()
    body = [{"type": "TextualBody", "value": annotation.body_text, "format": "text/plain",
             "purpose": annotation.motivation}]
    if annotation.body_language:
        body[0]["language"] = annotation.body_language
    verdict = getattr(annotation, "verdict", None)
    if verdict:  # W3C-native: a classifying body beside the text (also gloss.verdict)
        body.append({"type": "TextualBody", "value": verdict, "purpose": "classifying"})
    body += [{"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in annotation.tags]
    selectors = [{"type": "TextQuoteSelector", "exact": annotation.quote_exact,
                  "prefix": annotation.quote_prefix, "suffix": annotation.quote_suffix}]
    if annotation.position_start is not None:
        selectors.append({"type": "TextPositionSelector",
                          "start": annotation.position_start, "end": annotation.position_end})
    author = annotation.author_name
    shown = {
        "@context": W3C_CONTEXT,
        "id": f"{base}/annotations/{annotation.id}",
        "type": "Annotation",
        "motivation": annotation.motivation,
        "created": rfc3339(annotation.created),
        "modified": rfc3339(annotation.modified),
        "creator": {"id": f"{base}/users/{author}", "type": "Person", "nickname": author, "name": author},
        # The agent that serialized the note: this server (W3C model 3.3.1).
        "generator": {"id": f"{base}/", "type": "Software", "name": "Gloss"},
        "body": body,
        "target": {"source": annotation.target_source, "selector": selectors},
        "gloss": {"status": annotation.status, "moderation_state": annotation.moderation_state,
                  "version": annotation.version, "tags": annotation.tags},
    }
    if verdict:
        shown["gloss"]["verdict"] = verdict
    if annotation.canonical:
        shown["canonical"] = annotation.canonical
    return shown


def w3c_response(payload: dict, status: int = 200, annotation=None) -> Response:
    response = json_response(payload, status, W3C_JSON_LD)
    if annotation is not None:
        response.headers["ETag"] = f'"v{annotation.version}"'
    return response


def expected_version() -> int | None:
    """The version named by If-Match; None when absent or '*'. An unknown tag can never match."""
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return None
    match = ETAG_VERSION.match(header.split(",")[0].strip())
    if match is None:
        raise PreconditionFailed("If-Match must be an ETag this server gave out.")
    return int(match.group(1))


def present_document(document) -> dict:
    return {"id": document.id, "canonical_url": document.canonical_url, "title": document.title}


def present_anchored(document, anchored, truncated: bool) -> dict:
    """POST /api/anchor's answer: the page's document, and each note with where it lands (and, for a
    note of another document, that document's URL as `via`)."""
    items, base = [], base_url()
    for note, result, via in anchored:
        shown = present(note, base)
        shown["gloss"]["anchor"] = result.as_dict()
        if via is not None:
            shown["gloss"]["anchor"]["via"] = via
        items.append(shown)
    return {"document": present_document(document) if document else None, "items": items,
            "total": len(items), "truncated": truncated}


# Response shapes, for the API reference: what present() builds. Output only: the views build the
# dicts, these schemas describe them and the tests check real responses against them.

class TextualBodyOutSchema(Schema):
    type = fields.String(required=True, validate=validate.Equal("TextualBody"))
    value = fields.String(required=True, metadata={"description": "Plain text: never render it as HTML."})
    format = fields.String(validate=validate.Equal("text/plain"))
    purpose = fields.String(required=True, validate=validate.OneOf(MOTIVATIONS),
                            metadata={"description": "The note's motivation, or `tagging` for a tag."})
    language = fields.String()


class QuoteSelectorOutSchema(Schema):
    type = fields.String(required=True, validate=validate.Equal("TextQuoteSelector"))
    exact = fields.String(required=True)
    prefix = fields.String(required=True)
    suffix = fields.String(required=True)


class PositionSelectorOutSchema(Schema):
    type = fields.String(required=True, validate=validate.Equal("TextPositionSelector"))
    start = fields.Integer(required=True, metadata={"description": "Code-point offset in the page text."})
    end = fields.Integer(required=True, metadata={"description": "Exclusive."})


class TargetOutSchema(Schema):
    source = fields.String(required=True, metadata={"description": "The page's URL, normalized."})
    selector = fields.List(Alternatives(fields.Nested(QuoteSelectorOutSchema),
                                        fields.Nested(PositionSelectorOutSchema)), required=True)


class CreatorSchema(Schema):
    id = fields.String(required=True)
    type = fields.String(required=True, validate=validate.Equal("Person"))
    nickname = fields.String(required=True)
    name = fields.String(required=True)


class GeneratorSchema(Schema):
    id = fields.String(required=True)
    type = fields.String(required=True, validate=validate.Equal("Software"))
    name = fields.String(required=True)


class AnchorResultSchema(Schema):
    state = fields.String(required=True, validate=validate.OneOf(("anchored", "changed", "orphaned")))
    start = fields.Integer(metadata={"description": "Only when anchored: code-point offset in the text sent."})
    end = fields.Integer(metadata={"description": "Only when anchored; exclusive."})
    fuzzy = fields.Boolean(required=True)
    score = fields.Float(required=True, metadata={"description": "Similarity of the best match, 0 to 1."})
    via = fields.String(metadata={"description": "Only on a note written on another page whose quote is on this one "
                                                 "(a syndicated copy): the URL of the page it was written on."})


class GlossOutSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(COMMUNITY_STATUSES))
    moderation_state = fields.String(required=True, validate=validate.OneOf(MODERATION_STATES))
    version = fields.Integer(required=True,
                             metadata={"description": "Goes up on every change; the ETag is \"v<version>\"."})
    tags = fields.List(fields.String(), required=True)
    anchor = fields.Nested(AnchorResultSchema, metadata={"description": "Only in POST /api/anchor results."})
    verdict = fields.String(validate=validate.OneOf(VERDICTS), metadata={
        "description": "Only on a note with a fact-check verdict (motivation `assessing`); also given as a "
                       "`classifying` body."})


class AnnotationOutSchema(Schema):
    context = fields.String(required=True, data_key="@context", validate=validate.Equal(W3C_CONTEXT))
    id = fields.String(required=True, metadata={"description": "The note's IRI: {base}/annotations/{id}."})
    type = fields.String(required=True, validate=validate.Equal("Annotation"))
    motivation = fields.String(required=True, validate=validate.OneOf(MOTIVATIONS))
    created = fields.DateTime(required=True)
    modified = fields.DateTime(required=True)
    creator = fields.Nested(CreatorSchema, required=True)
    generator = fields.Nested(GeneratorSchema, required=True)
    body = fields.List(fields.Nested(TextualBodyOutSchema), required=True,
                       metadata={"description": "The note's text first, then its verdict (a `classifying` "
                                                "body) if it has one, then one body per tag."})
    target = fields.Nested(TargetOutSchema, required=True)
    gloss = fields.Nested(GlossOutSchema, required=True)
    canonical = fields.String(metadata={"description": "The IRI the client gave the note, when it gave one."})


class AnnotationListSchema(Schema):
    items = fields.List(fields.Nested(AnnotationOutSchema), required=True)
    next = fields.String(required=True, allow_none=True,
                         metadata={"description": "The next page's URL; null on the last."})
    total = fields.Integer(required=True, metadata={"description": "How many notes match, over all pages."})


class DocumentOutSchema(Schema):
    id = fields.String(required=True)
    canonical_url = fields.String(required=True)
    title = fields.String(required=True, allow_none=True)


class AnchorResponseSchema(Schema):
    document = fields.Nested(DocumentOutSchema, required=True, allow_none=True, metadata={
        "description": "null when no note was ever written on this page (notes from other pages may still come)."})
    items = fields.List(fields.Nested(AnnotationOutSchema), required=True, metadata={
        "description": "Visible notes, each with gloss.anchor: the page's own, then notes of other pages whose "
                       "quote is found on this text (gloss.anchor.via names their page; only when anchored)."})
    total = fields.Integer(required=True)
    truncated = fields.Boolean(required=True, metadata={
        "description": "True when the page had more notes than are anchored at once."})
