"""Reading a W3C Web Annotation from a client into model-shaped data.

What Gloss accepts (anything else is a 422 naming the field):
- `body`: one TextualBody (or `bodyValue`) with the note's plain text, plus TextualBodies with
  `"purpose": "tagging"` for tags; `gloss.tags` may list tags too.
- a fact-check verdict (notes with motivation `assessing` only): a second TextualBody
  `{"purpose": "classifying", "value": "<verdict>"}` beside the text body, or `gloss.verdict`
  (null clears it). With a single text body, a `classifying` body is the note's text, whatever it says.
- `target`: `{source, selector}` where the selectors are one TextQuoteSelector (required) and at most
  one TextPositionSelector whose span has the quote's length in code points.
- `gloss`: `tags`, and `canonical_url` / `document_title` describing the page.
Server-managed fields (`id`, `created`, `creator`, `gloss.status`…) are accepted and ignored, so a
client can PUT back what it got from GET.
"""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from server.accounts.schemas import USERNAME
from server.anchoring.versions import TEXT_VERSIONS
from server.annotations import fulltext
from server.annotations.models import VERDICTS
from server.annotations.visibility import STATUSES
from server.config import Limits
from server.documents.fields import Host, Url
from server.queryargs import Cursor, Limit
from server.times import Time
from server.web import settings

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# W3C motivations that make sense for a note on a page's text (replying/bookmarking/moderating do not).
MOTIVATIONS = ("assessing", "classifying", "commenting", "describing", "editing", "highlighting",
               "identifying", "linking", "questioning", "tagging")
SELECTOR_TYPES = ("TextQuoteSelector", "TextPositionSelector")


def _one_or_many(value) -> list:
    return value if isinstance(value, list) else [value]


SORTS = ("created", "updated")  # what a search can be ordered by (then by id)


class Statuses(fields.Field):
    """Community statuses asked for: comma-separated in a query, a list in a body; each one of STATUSES.
    Loaded as a tuple, duplicates dropped (empty: the default); visibility.Viewer decides which the
    viewer may see."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            value = value.split(",") if value else []
        if not isinstance(value, list) or not all(isinstance(s, str) for s in value) or \
                any(s.strip() not in STATUSES for s in value):
            raise ValidationError(f"One or more of {', '.join(STATUSES)}.")
        return tuple(dict.fromkeys(s.strip() for s in value))


class Username(fields.String):
    """A username, as the accounts feature allows them; loaded lower-case (usernames match so)."""

    def _deserialize(self, value, attr, data, **kwargs):
        name = super()._deserialize(value, attr, data, **kwargs)
        if not USERNAME.regex.match(name):
            raise ValidationError("A username.")
        return name.lower()


class Tag(fields.String):
    def _deserialize(self, value, attr, data, **kwargs):
        tag = super()._deserialize(value, attr, data, **kwargs)
        most = settings().limits.max_tag_chars
        if not 1 <= len(tag) <= most:
            raise ValidationError(f"1 to {most} characters.")
        return tag


class SearchText(fields.String):
    """A full-text query (server.annotations.fulltext), loaded as its terms."""

    def _deserialize(self, value, attr, data, **kwargs):
        limits = settings().limits
        try:
            return fulltext.parse(super()._deserialize(value, attr, data, **kwargs), limits.max_search_text_chars,
                                  limits.max_search_terms)
        except fulltext.QueryError as err:
            raise ValidationError(str(err)) from None


class Context(fields.Field):
    def _deserialize(self, value, attr, data, **kwargs):
        if W3C_CONTEXT not in _one_or_many(value):
            raise ValidationError(f"Must be (or include) {W3C_CONTEXT}.")
        return value


class TextualBodySchema(Schema):
    type = fields.String(validate=validate.Equal("TextualBody", error="Only TextualBody bodies are supported."))
    value = fields.String(required=True)
    # Notes are plain text, always: never rendered as HTML anywhere.
    format = fields.String(validate=validate.Equal("text/plain", error="Notes are plain text (text/plain)."))
    language = fields.String(validate=validate.Length(min=1, max=35))
    purpose = fields.String(validate=validate.OneOf(MOTIVATIONS))


class TextQuoteSelectorSchema(Schema):
    type = fields.String(required=True)
    exact = fields.String(required=True)
    prefix = fields.String(load_default="")
    suffix = fields.String(load_default="")


# Offsets are stored as INTEGER: larger ones are refused here, not by the database.
OFFSET_MAX = 2**31 - 1


class TextPositionSelectorSchema(Schema):
    type = fields.String(required=True)
    start = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=OFFSET_MAX))
    end = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=OFFSET_MAX))

    @validates_schema(skip_on_field_errors=True)
    def end_after_start(self, data, **_):
        if data["end"] < data["start"]:
            raise ValidationError("Must not be before start.", "end")


SELECTOR_SCHEMAS = {"TextQuoteSelector": TextQuoteSelectorSchema, "TextPositionSelector": TextPositionSelectorSchema}


class NestedList(fields.Field):
    """An object or a list of objects, each loaded with a schema; errors keyed by index."""

    def __init__(self, pick_schema, **kwargs):
        super().__init__(**kwargs)
        self.pick_schema = pick_schema

    def _deserialize(self, value, attr, data, **kwargs):
        items = _one_or_many(value)
        if not items:
            raise ValidationError("Must not be empty.")
        loaded, errors = [], {}
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                errors[index] = ["Must be an object."]
                continue
            try:
                loaded.append(self.pick_schema(item)().load(item))
            except ValidationError as err:
                errors[index] = err.messages
        if errors:
            raise ValidationError(errors)
        return loaded


def _selector_schema(item: dict):
    kind = item.get("type")
    schema = SELECTOR_SCHEMAS.get(kind) if isinstance(kind, str) else None  # a list or object is unhashable
    if schema is None:
        raise ValidationError({"type": [f"Supported selectors: {', '.join(SELECTOR_TYPES)}."]})
    return schema


class TargetSchema(Schema):
    source = Url(required=True)
    selector = NestedList(_selector_schema, required=True,
                          metadata={"one_or_many": (TextQuoteSelectorSchema, TextPositionSelectorSchema)})
    type = fields.String()  # e.g. "Text"; informative only
    format = fields.String()  # e.g. "text/html"; informative only

    @validates_schema
    def one_selector_of_each_type(self, data, **_):
        kinds = [s["type"] for s in data.get("selector", [])]
        if len(kinds) != len(set(kinds)):
            raise ValidationError("Give each selector type at most once.", "selector")
        if not kinds:
            raise ValidationError("Give a TextQuoteSelector, a TextPositionSelector, or both.", "selector")


class GlossInSchema(Schema):
    tags = fields.List(fields.String())
    canonical_url = Url(allow_none=True)
    document_title = fields.String(allow_none=True)
    # The page's text, sent so the server can fill in a missing selector; used, never stored.
    page_text = fields.String()
    # Server-managed, accepted so a GET representation can be sent back unchanged.
    status = fields.Raw(load_only=True)
    moderation_state = fields.Raw(load_only=True)
    version = fields.Raw(load_only=True)
    document = fields.Raw(load_only=True)
    # The fact-check verdict (also given as a `classifying` body); null clears it.
    verdict = fields.String(allow_none=True, validate=validate.OneOf(VERDICTS))


class Whole(fields.Nested):
    """A nested object that is always loaded whole, even in a PATCH: a target is never half-given."""

    def _deserialize(self, value, attr, data, partial=None, **kwargs):
        return super()._deserialize(value, attr, data, partial=False, **kwargs)


class AnnotationInSchema(Schema):
    """Loads a W3C annotation into the model's fields; `partial=True` for PATCH."""

    context = Context(data_key="@context", metadata={"description": f"Must be (or include) {W3C_CONTEXT}."})
    type = fields.String(validate=validate.Equal("Annotation"))
    motivation = fields.String(validate=validate.OneOf(MOTIVATIONS), metadata={"description": "Default commenting."})
    body = NestedList(lambda item: TextualBodySchema, metadata={"one_or_many": (TextualBodySchema,)})
    # The W3C name (hence not snake_case).
    bodyValue = fields.String(metadata={"description": "The note's text, instead of a TextualBody."})  # noqa: N815
    target = Whole(TargetSchema, required=True)
    gloss = fields.Nested(GlossInSchema)
    # The client's IRI for the note (W3C 3.3.7), preserved as sent (urn:uuid:…, https://…).
    canonical = fields.String(validate=[validate.Length(max=2048),
                                        validate.Regexp(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$", error="Must be an IRI.")])
    # Server-managed: ignored on input.
    id = fields.Raw(metadata={"description": "Ignored (server-managed)."})
    created = fields.Raw(metadata={"description": "Ignored (server-managed)."})
    modified = fields.Raw(metadata={"description": "Ignored (server-managed)."})
    creator = fields.Raw(metadata={"description": "Ignored (server-managed)."})
    generator = fields.Raw(metadata={"description": "Ignored (server-managed)."})
    generated = fields.Raw(metadata={"description": "Ignored (server-managed)."})

    def __init__(self, limits: Limits | None = None, **kwargs):
        # limits is None only when the API reference describes the schema; loading needs them.
        super().__init__(**kwargs)
        self.limits = limits

    @post_load
    def to_model_fields(self, data, **_):
        out: dict = {}
        if "motivation" in data or not self.partial:
            out["motivation"] = data.get("motivation", "commenting")
        if "canonical" in data:
            out["canonical"] = data["canonical"]
        if "target" in data:
            out.update(self._target_fields(data["target"]))
        if "body" in data or "bodyValue" in data or not self.partial:
            out.update(self._body_fields(data))
        verdict = self._verdict(data)
        if verdict is not None or "body" in data or "verdict" in data.get("gloss", {}) or not self.partial:
            out["verdict"] = verdict
        tags = self._tags(data)
        if tags is not None:
            out["tags"] = tags
        gloss = data.get("gloss", {})
        for key in ("canonical_url", "document_title", "page_text"):
            if gloss.get(key):
                out[key] = gloss[key]
        if out.get("document_title") and len(out["document_title"]) > self.limits.max_title_chars:
            raise ValidationError({"gloss.document_title": [f"At most {self.limits.max_title_chars} characters."]})
        return out

    def _target_fields(self, target: dict) -> dict:
        """Selector fields; a missing quote or position is None, for the service to fill in."""
        selectors = {s["type"]: s for s in target["selector"]}
        fields_ = {"target_source": target["source"], "quote_exact": None, "quote_prefix": None,
                   "quote_suffix": None, "position_start": None, "position_end": None}
        quote = selectors.get("TextQuoteSelector")
        if quote is not None:
            self._check_quote(quote)
            fields_.update(quote_exact=quote["exact"], quote_prefix=quote["prefix"], quote_suffix=quote["suffix"])
        position = selectors.get("TextPositionSelector")
        if position is not None:
            if quote is not None and position["end"] - position["start"] != len(quote["exact"]):
                raise ValidationError({"target.selector": [
                    "TextPositionSelector must span as many code points as the quote has."]})
            fields_["position_start"], fields_["position_end"] = position["start"], position["end"]
        return fields_

    def _check_quote(self, quote: dict) -> None:
        limits = self.limits
        if not 1 <= len(quote["exact"]) <= limits.max_quote_chars:
            raise ValidationError({"target.selector": [f"The quote must be 1 to {limits.max_quote_chars} characters."]})
        if max(len(quote["prefix"]), len(quote["suffix"])) > limits.max_context_chars:
            raise ValidationError({"target.selector": [
                f"prefix and suffix must be at most {limits.max_context_chars} characters."]})

    @staticmethod
    def _verdict_bodies(data: dict) -> list[dict]:
        """`classifying` bodies beside the text body: a lone classifying body is the text itself."""
        untagged = [b for b in data.get("body", []) if b.get("purpose") != "tagging"]
        if len(untagged) + ("bodyValue" in data) < 2:
            return []
        return [b for b in untagged if b.get("purpose") == "classifying"]

    def _verdict(self, data: dict) -> str | None:
        given = [b["value"] for b in self._verdict_bodies(data)]
        gloss = data.get("gloss", {})
        if "verdict" in gloss and gloss["verdict"] is not None:
            given.append(gloss["verdict"])
        given = list(dict.fromkeys(given))
        if len(given) > 1:
            raise ValidationError({"gloss.verdict": ["Give one verdict (a classifying body and gloss.verdict agree)."]})
        if given and given[0] not in VERDICTS:
            raise ValidationError({"body": [f"A verdict is one of {', '.join(VERDICTS)}."]})
        return given[0] if given else None

    def _body_fields(self, data: dict) -> dict:
        verdicts = self._verdict_bodies(data)
        texts = [b for b in data.get("body", []) if b.get("purpose") != "tagging" and b not in verdicts]
        if "bodyValue" in data:
            texts.append({"value": data["bodyValue"]})
        if len(texts) != 1:
            raise ValidationError({"body": ["Give exactly one text body (or bodyValue) with the note."]})
        text = texts[0]["value"]
        if not text.strip() or len(text) > self.limits.max_note_chars:
            raise ValidationError({"body": [f"The note must be 1 to {self.limits.max_note_chars} characters."]})
        return {"body_text": text, "body_language": texts[0].get("language")}

    def _tags(self, data: dict) -> list[str] | None:
        given = [b["value"] for b in data.get("body", []) if b.get("purpose") == "tagging"]
        given += data.get("gloss", {}).get("tags", [])
        if not given and ("body" not in data and "tags" not in data.get("gloss", {})):
            return None if self.partial else []
        tags = list(dict.fromkeys(t.strip() for t in given))
        limits = self.limits
        if len(tags) > limits.max_tags or any(not 1 <= len(t) <= limits.max_tag_chars for t in tags):
            raise ValidationError(
                {"tags": [f"At most {limits.max_tags} tags of 1 to {limits.max_tag_chars} characters."]})
        return tags


class AnnotationPatchSchema(AnnotationInSchema):
    """PATCH: any subset of AnnotationIn's fields (a target, when given, whole). For the API reference;
    the view loads AnnotationInSchema(partial=True), which is the same thing."""

    def __init__(self, limits: Limits | None = None, **kwargs):
        super().__init__(limits, partial=True, **kwargs)


class Offsets(fields.Field):
    """A list of whole numbers, checked in one pass: a page can send thousands, and a field object
    per item (fields.List of fields.Integer) costs milliseconds a request."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, list) or not all(type(item) is int for item in value):
            raise ValidationError("A list of whole numbers.")
        if len(value) > Limits.max_anchor_ranges:
            raise ValidationError(f"At most {Limits.max_anchor_ranges:,} entries.")
        return value


class Ranges(fields.Field):
    """A list of [start, end] pairs of whole numbers, checked in one pass like Offsets."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, list) or not all(
                type(item) is list and len(item) == 2 and type(item[0]) is int and type(item[1]) is int
                for item in value):
            raise ValidationError("A list of [start, end] pairs of whole numbers.")
        if len(value) > Limits.max_anchor_ranges:
            raise ValidationError(f"At most {Limits.max_anchor_ranges:,} entries.")
        return [(start, end) for start, end in value]


class AnchorRequestSchema(Schema):
    """POST /api/anchor: the page the reader is on, and its text as the extension extracted it."""

    url = Url(required=True)
    canonical_url = Url(allow_none=True, load_default=None)
    title = fields.String(allow_none=True, validate=validate.Length(max=500))
    text = fields.String(required=True)
    # Community statuses to include (default: helpful), as in GET /api/annotations?status=.
    status = Statuses(metadata={"type": "array", "items": {"type": "string", "enum": list(STATUSES)},
                                "maxItems": len(STATUSES)})
    # The page-text model `text` follows (server/anchoring/versions.py): 2 is the extension's since
    # issue 12, 1 (the default) any text a client sends as it is.
    extraction = fields.Integer(strict=True, load_default=1, validate=validate.OneOf(TEXT_VERSIONS))
    # Version 2 only: code-point offsets of the "\n" the extension inserted between blocks, ascending.
    breaks = Offsets(load_default=list, metadata={"type": "array", "items": {"type": "integer", "minimum": 0},
                                                  "maxItems": Limits.max_anchor_ranges})
    # Code-point [start, end) ranges of link text (a[href]) on the page, ascending and disjoint.
    links = Ranges(load_default=list, metadata={
        "type": "array", "maxItems": Limits.max_anchor_ranges,
        "items": {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 2, "maxItems": 2}})

    @validates_schema
    def _ranges_fit_the_text(self, data, **kwargs):
        length = len(data.get("text", ""))
        breaks, links = data.get("breaks", []), data.get("links", [])
        if breaks and data.get("extraction") != 2:
            raise ValidationError("Breaks belong to extraction 2.", "breaks")
        if any(not 0 <= at < length for at in breaks) or any(b <= a for a, b in zip(breaks, breaks[1:], strict=False)):
            raise ValidationError("Offsets of the text, strictly ascending.", "breaks")
        if any(data["text"][at] != "\n" for at in breaks):
            raise ValidationError("Each break must be a newline of the text.", "breaks")
        if any(not 0 <= start < end <= length for start, end in links) or \
                any(b[0] < a[1] for a, b in zip(links, links[1:], strict=False)):
            raise ValidationError("[start, end) ranges of the text, ascending and disjoint.", "links")


class AnnotationSearchQuerySchema(Schema):
    """GET /api/annotations query parameters, parsed by this schema (server.queryargs)."""

    url = Url(metadata={"description": "A page's URL: its notes, under any equivalent URL."})
    domain = Host(metadata={"description": "A host name: notes on its pages and its subdomains'."})
    user = Username(metadata={"description": "The author's username."})
    tag = Tag()
    motivation = fields.String(validate=validate.OneOf(MOTIVATIONS, error=f"One of {', '.join(MOTIVATIONS)}."))
    status = Statuses(metadata={"description": "Comma-separated community statuses (default `helpful`): "
                                               "helpful, needs_more_ratings, not_helpful (moderators only). "
                                               "Your own notes show whatever their status."})
    text = SearchText(metadata={"description": "Full-text search over note bodies and quotes: every word must "
                                               "match, \"quoted words\" as a phrase, `word*` as a prefix. More than "
                                               "200 characters or 10 words or phrases, or nothing to search "
                                               "for, is a 422 naming `text`."})
    created_after = Time()
    created_before = Time()
    updated_after = Time()
    sort = fields.String(validate=validate.OneOf(SORTS, error="created or updated."),
                         metadata={"description": "Order, oldest first: created (default) or updated."})
    limit = Limit()
    cursor = Cursor()
