"""Shapes of the W3C Annotation Protocol container's responses and its query parameters, for the API
reference (views._container and views._page build the dicts)."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from server.annotations.representation import AnnotationOutSchema
from server.annotations.schemas import Statuses
from server.apidocs.declare import Alternatives
from server.documents.fields import Url
from server.queryargs import Flag, Whole

ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


class PartOfSchema(Schema):
    id = fields.String(required=True, metadata={"description": "The container (collection) IRI."})
    total = fields.Integer(required=True)
    modified = fields.DateTime(metadata={"description": "Newest change among the notes; absent when empty."})


class ContainedPageSchema(Schema):
    """An AnnotationPage embedded as the container's `first`."""

    id = fields.String(required=True)
    type = fields.String(required=True, validate=validate.Equal("AnnotationPage"))
    partOf = fields.Nested(PartOfSchema, required=True)  # noqa: N815 - the W3C name
    startIndex = fields.Integer(required=True)  # noqa: N815 - the W3C name
    prev = fields.String(metadata={"description": "The previous page's IRI."})
    next = fields.String(metadata={"description": "The next page's IRI."})
    items = fields.List(Alternatives(fields.String(metadata={"description": "A note's IRI (PreferContainedIRIs)."}),
                                     fields.Nested(AnnotationOutSchema)), required=True)


class AnnotationPageSchema(ContainedPageSchema):
    """One page of the container (?page=N), standing alone."""

    context = fields.String(required=True, data_key="@context", validate=validate.Equal(ANNOTATION_CONTEXT))


class AnnotationContainerSchema(Schema):
    """The container: an LDP BasicContainer and an AnnotationCollection."""

    context = fields.List(fields.String(), required=True, data_key="@context")
    id = fields.String(required=True)
    type = fields.List(fields.String(validate=validate.OneOf(("BasicContainer", "AnnotationCollection"))),
                       required=True)
    total = fields.Integer(required=True)
    modified = fields.DateTime(metadata={"description": "Newest change among the notes; absent when empty."})
    label = fields.String(required=True)
    first = Alternatives(fields.String(metadata={"description": "The first page's IRI (PreferMinimalContainer)."}),
                         fields.Nested(ContainedPageSchema), required=True)
    last = fields.String(required=True, metadata={"description": "The last page's IRI."})


class ContainerQuerySchema(Schema):
    url = Url(metadata={"description": "Only the notes on this page (any equivalent URL)."})
    status = Statuses(metadata={"description": "Comma-separated community statuses, as in GET /api/annotations "
                                               "(default helpful)."})
    iris = Flag(validate=validate.OneOf((0, 1)),
                metadata={"description": "1: items as IRIs; 0: full descriptions. Wins over Prefer."})
    minimal = Flag(validate=validate.OneOf((0, 1)),
                   metadata={"description": "1: the container without an embedded page. Wins over Prefer."})
    page = Whole(validate=validate.Range(min=0),
                 metadata={"description": "An AnnotationPage (0-based, 20 notes each) instead of the container."})
