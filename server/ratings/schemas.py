"""The rating a reader sends: how helpful, and why."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from server.ratings.models import HELPFUL_REASONS, HELPFULNESS, NOT_HELPFUL_REASONS

# Reasons that fit each answer; "somewhat helpful" may say what was good and what was missing.
REASONS_FOR = {
    "helpful": set(HELPFUL_REASONS),
    "not_helpful": set(NOT_HELPFUL_REASONS),
    "somewhat_helpful": set(HELPFUL_REASONS) | set(NOT_HELPFUL_REASONS),
}


class RatingSchema(Schema):
    helpfulness = fields.String(required=True, validate=validate.OneOf(HELPFULNESS))
    reasons = fields.List(fields.String(), load_default=list, validate=validate.Length(max=12))

    @validates_schema
    def reasons_fit_the_answer(self, data, **_):
        allowed = REASONS_FOR.get(data.get("helpfulness"), set())
        wrong = [r for r in data.get("reasons", []) if r not in allowed]
        if wrong:
            raise ValidationError(f"Not reasons for {data['helpfulness']}: {', '.join(sorted(set(wrong)))}.",
                                  "reasons")
        if len(set(data.get("reasons", []))) != len(data.get("reasons", [])):
            raise ValidationError("Give each reason once.", "reasons")
