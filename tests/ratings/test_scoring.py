"""Scoring runs against the database: statuses move only after holding, never once locked, and
every visible change leaves exactly one history row."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from server.annotations.models import Annotation
from server.db import db, utcnow
from server.demo import article
from server.ratings import services as ratings
from server.ratings.models import StatusChange
from server.ratings.scoring import run_scoring

HOLD, LOCK = timedelta(minutes=30), timedelta(days=14)
PARTISAN = "Officials in Moscow criticised the delivery, calling it a provocation."


@pytest.fixture()
def community(app):
    """The demo's two camps of readers, their ratings scored: 5 helpful, 4 needing ratings, 4 not."""
    result = app.test_cli_runner().invoke(args=["seed-demo", "--base-url", "http://localhost"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        yield


def note(exact: str) -> Annotation:
    return db.session.scalars(select(Annotation).where(Annotation.quote_exact == exact)).one()


def both_camps_find_it_helpful(exact: str) -> None:
    from server.accounts.services import find_user
    for readers in article.DEMO_CAMPS.values():
        for reader in readers:
            ratings.rate(find_user(reader), note(exact).id, "helpful", ["clear"])


def changes_of(annotation_id: str) -> list[StatusChange]:
    return list(db.session.scalars(select(StatusChange).where(StatusChange.annotation_id == annotation_id)))


def test_a_new_status_shows_only_after_holding_and_writes_one_history_row(community):
    target = note(PARTISAN)
    assert target.status == "needs_more_ratings"
    before = target.version
    both_camps_find_it_helpful(PARTISAN)
    now = utcnow()
    report = run_scoring(HOLD, LOCK, now=now)
    db.session.expire_all()
    assert note(PARTISAN).status == "needs_more_ratings" and report.changes == []
    run_scoring(HOLD, LOCK, now=now + HOLD - timedelta(minutes=1))
    db.session.expire_all()
    assert note(PARTISAN).status == "needs_more_ratings"
    report = run_scoring(HOLD, LOCK, now=now + HOLD)
    db.session.expire_all()
    changed = note(PARTISAN)
    assert changed.status == "helpful" and changed.version == before + 1
    assert report.changes == [(changed.id, "needs_more_ratings", "helpful")]
    history = changes_of(changed.id)
    assert [(c.old_status, c.new_status) for c in history] == [("needs_more_ratings", "helpful")]
    assert history[0].intercept >= 0.40


def test_a_status_that_flickers_back_before_holding_never_shows(community):
    both_camps_find_it_helpful(PARTISAN)
    now = utcnow()
    run_scoring(HOLD, LOCK, now=now)
    from server.accounts.services import find_user
    for reader in article.DEMO_CAMPS["b"]:  # camp b changes its mind again
        ratings.rate(find_user(reader), note(PARTISAN).id, "not_helpful", [])
    run_scoring(HOLD, LOCK, now=now + HOLD)
    db.session.expire_all()
    assert note(PARTISAN).status == "needs_more_ratings"
    assert changes_of(note(PARTISAN).id) == []


def test_a_locked_note_keeps_its_status(community):
    target = note(PARTISAN)
    db.session.execute(update(Annotation).where(Annotation.id == target.id)
                       .values(created=utcnow() - LOCK - timedelta(days=1)))
    db.session.commit()
    both_camps_find_it_helpful(PARTISAN)
    now = utcnow()
    run_scoring(HOLD, LOCK, now=now)
    run_scoring(HOLD, LOCK, now=now + HOLD)
    db.session.expire_all()
    assert note(PARTISAN).status == "needs_more_ratings"


def test_every_visible_change_has_exactly_one_history_row(community):
    changed = db.session.scalar(select(func.count()).select_from(Annotation)
                                .where(Annotation.status != "needs_more_ratings"))
    assert db.session.scalar(select(func.count()).select_from(StatusChange)) == changed


def test_summary_explains_a_helpful_note_with_its_scores(community, client):
    headline = note(article.TITLE)
    found = client.get(f"/api/annotations/{headline.id}/ratings/summary").get_json()
    assert found["status"] == "helpful" and found["ratings"] == 16
    assert found["score"]["candidate_status"] == "helpful" and found["score"]["intercept"] >= 0.40
    assert "across viewpoints" in found["explanation"]
    assert [h["to"] for h in found["history"]] == ["helpful"]


def test_score_command_prints_what_it_did(app, community):
    result = app.test_cli_runner().invoke(args=["score"])
    assert result.exit_code == 0, result.output
    assert "scored 13 notes from 208 ratings" in result.output
    assert "0 visible status change(s)" in result.output
