"""Ratings API: rate a note, withdraw the rating, and what a note's ratings add up to."""
from __future__ import annotations

from flask import Blueprint

from server.accounts.auth import current_user, require_active, require_user
from server.apidocs.declare import documented
from server.errors import NotFound
from server.ratings import services
from server.ratings.explain import explain
from server.ratings.schemas import RatingOutSchema, RatingSchema, RatingSummarySchema
from server.web import absolute_url, json_body, json_response, rfc3339

bp = Blueprint("ratings", __name__, url_prefix="/api/annotations/<annotation_id>")


def present_rating(rating) -> dict:
    return {"annotation": absolute_url(f"/annotations/{rating.annotation_id}"), "helpfulness": rating.helpfulness,
            "reasons": rating.reasons, "created": rfc3339(rating.created), "modified": rfc3339(rating.modified)}


@bp.put("/rating")
@documented(tag="Ratings", summary="Rate a note (again: the rating is replaced)", auth="required", body=RatingSchema,
            status=(200, 201), response=RatingOutSchema, errors=(403, 404, 409, 410),
            description="201 for a first rating, 200 when it replaces yours. Not your own notes.")
def rate(annotation_id: str):
    rater = require_active()
    data = RatingSchema().load(json_body())
    rating, created = services.rate(rater, annotation_id, data["helpfulness"], data["reasons"])
    return json_response(present_rating(rating), 201 if created else 200)


@bp.get("/rating")
@documented(tag="Ratings", summary="My rating of a note", auth="required", response=RatingOutSchema, errors=(403, 404),
            description="A user token only: an app key is a 403 `app_key_read_only`.")
def my_rating(annotation_id: str):
    rating = services.my_rating(require_user(), annotation_id)
    if rating is None:
        raise NotFound("You have not rated this note.")
    return json_response(present_rating(rating))


@bp.delete("/rating")
@documented(tag="Ratings", summary="Withdraw my rating", auth="required", status=204, errors=(403, 404))
def withdraw(annotation_id: str):
    services.withdraw(require_active(), annotation_id)
    return "", 204


@bp.get("/ratings/summary")
@documented(tag="Ratings", summary="What a note's ratings add up to, and why it has its status", auth="optional",
            response=RatingSummarySchema, errors=(404, 410))
def summary(annotation_id: str):
    return json_response(present_summary(services.summary(annotation_id, current_user())))


def present_summary(found: dict) -> dict:
    score, annotation = found["score"], found["annotation"]
    return {
        "annotation": absolute_url(f"/annotations/{annotation.id}"),
        "status": annotation.status,
        "ratings": found["ratings"],
        "counts": found["counts"],
        "reasons": found["reasons"],
        "score": None if score is None else {
            "intercept": score.intercept, "factor": score.factor, "rating_count": score.rating_count,
            "candidate_status": score.candidate_status, "candidate_since": rfc3339(score.candidate_since),
            "scored": rfc3339(score.scored)},
        "explanation": explain(annotation.status, score, found["ratings"]),
        "history": [{"from": c.old_status, "to": c.new_status, "changed": rfc3339(c.changed),
                     "intercept": c.intercept, "factor": c.factor} for c in found["history"]],
    }
