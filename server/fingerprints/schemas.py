"""Query and response shapes of GET /api/lookup and GET /api/fingerprints, for the API reference (the
views build the responses; tests/apidocs checks real ones against these)."""
from __future__ import annotations

from marshmallow import Schema, fields, validate


class LookupQuerySchema(Schema):
    # Length as well: the pattern's $ would let a trailing newline through.
    prefix = fields.String(required=True, validate=[validate.Length(equal=4), validate.Regexp(
        r"^[0-9a-f]{4}$", error="Exactly 4 lower-case hex digits, e.g. ab12.")], metadata={
        "description": "The first 4 lower-case hex digits of the SHA-256 of the page's normalized URL. "
                       "Missing is a 400 `missing_parameter`; malformed a 422."})


class LookupResponseSchema(Schema):
    prefix = fields.String(required=True)
    hashes = fields.List(fields.String(validate=validate.Regexp(r"^[0-9a-f]{64}$")), required=True, metadata={
        "description": "Full SHA-256 hashes (hex) under the prefix of every normalized URL (https and http "
                       "forms) of pages with at least one public note: compare the page's hash locally."})


class FingerprintFilterSchema(Schema):
    """A Bloom filter over the fingerprints of public notes' quotes (see server/fingerprints/bloom.py)."""

    shingle_words = fields.Integer(required=True, metadata={"description": "Words per shingle (fingerprinted run)."})
    bits = fields.Integer(required=True, validate=validate.Range(min=8),
                          metadata={"description": "m, bits in the filter."})
    hashes = fields.Integer(required=True, validate=validate.Range(min=1, max=16),
                            metadata={"description": "k, bits set per fingerprint."})
    count = fields.Integer(required=True, validate=validate.Range(min=0),
                           metadata={"description": "Distinct fingerprints in the filter."})
    filter = fields.String(required=True, metadata={"description": "Base64 of ceil(m/8) bytes; bit i is in byte "
                                                                    "i >> 3 at mask 1 << (i & 7)."})
