"""A scoring run: every rating from the database through the scorer, statuses back, in one write.

The ratings are read and the model fitted outside any write transaction (the API keeps serving);
then one transaction records each note's score, moves the visible status of notes whose new status
has held long enough (and are not locked), and writes one status_changes row per change.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
from sqlalchemy import delete, insert, select, update

from server.annotations.models import Annotation
from server.db import db, utcnow
from server.feeds import changelog
from server.ratings.models import HELPFULNESS_VALUE, NoteScore, Rating, StatusChange
from server.ratings.scorer import ScorerConfig, score

BATCH = 5_000


@dataclass
class ScoringReport:
    notes: int = 0
    ratings: int = 0
    candidates: dict = field(default_factory=dict)  # candidate status -> notes
    changes: list = field(default_factory=list)  # (annotation id, old, new)

    def lines(self) -> list[str]:
        counts = ", ".join(f"{n} {status}" for status, n in sorted(self.candidates.items()))
        return [f"scored {self.notes} notes from {self.ratings} ratings ({counts or 'none'})",
                f"{len(self.changes)} visible status change(s)"] + \
               [f"  {note}: {old} -> {new}" for note, old, new in self.changes]


def settings_windows(settings) -> tuple[timedelta, timedelta]:
    """How long a new status must hold before it shows, and when a note's status locks."""
    return timedelta(minutes=settings.status_hold_minutes), timedelta(days=settings.status_lock_days)


def start_background_scoring(app) -> None:
    """Score every GLOSS_SCORE_INTERVAL_SECONDS in a daemon thread (one process only: with several
    gunicorn workers, prefer `flask --app server score` from cron)."""
    import logging
    import threading
    import time

    interval = app.config["GLOSS"].score_interval_seconds
    log = logging.getLogger("gloss.scoring")

    def loop() -> None:
        while True:
            time.sleep(interval)
            try:
                with app.app_context():
                    for line in run_scoring(*settings_windows(app.config["GLOSS"])).lines()[:2]:
                        log.info(line)
            except Exception:  # keep scoring on the next tick; the API is unaffected
                log.exception("scoring run failed")

    threading.Thread(target=loop, name="gloss-scoring", daemon=True).start()


def _load():
    with db.engine.connect() as conn:
        notes = conn.execute(select(Annotation.id, Annotation.status, Annotation.created)
                             .where(Annotation.deleted.is_(None)).order_by(Annotation.id)).all()
        ratings = conn.execute(select(Rating.annotation_id, Rating.rater_id, Rating.helpfulness)).all()
        previous = {row.annotation_id: (row.candidate_status, row.candidate_since)
                    for row in conn.execute(select(NoteScore.annotation_id, NoteScore.candidate_status,
                                                   NoteScore.candidate_since))}
    return notes, ratings, previous


def _arrays(notes, ratings):
    note_index = {row.id: i for i, row in enumerate(notes)}
    rater_index: dict[str, int] = {}
    kept = [r for r in ratings if r.annotation_id in note_index]
    notes_of = np.fromiter((note_index[r.annotation_id] for r in kept), dtype=np.int32, count=len(kept))
    raters_of = np.fromiter((rater_index.setdefault(r.rater_id, len(rater_index)) for r in kept),
                            dtype=np.int32, count=len(kept))
    values = np.fromiter((HELPFULNESS_VALUE[r.helpfulness] for r in kept), dtype=np.float64, count=len(kept))
    return notes_of, raters_of, values, len(rater_index)


def run_scoring(hold: timedelta, lock: timedelta, now: datetime | None = None, progress=None,
                config: ScorerConfig | None = None) -> ScoringReport:
    now = now or utcnow()
    notes, ratings, previous = _load()
    notes_of, raters_of, values, n_raters = _arrays(notes, ratings)
    result = score(notes_of, raters_of, values, len(notes), n_raters,
                   previous_helpful=np.array([row.status == "helpful" for row in notes], dtype=bool),
                   config=config or ScorerConfig(), progress=progress)
    report = ScoringReport(notes=len(notes), ratings=len(values))
    scores, changes = [], []
    for i, row in enumerate(notes):
        candidate = str(result.status[i])
        report.candidates[candidate] = report.candidates.get(candidate, 0) + 1
        old_candidate, old_since = previous.get(row.id, (None, None))
        since = old_since if old_candidate == candidate else now
        intercept, factor = _number(result.note_intercept[i]), _number(result.note_factor[i])
        scores.append({"annotation_id": row.id, "intercept": intercept, "factor": factor,
                       "rating_count": int(result.note_rating_count[i]), "candidate_status": candidate,
                       "candidate_since": since, "scored": now})
        locked = now - row.created >= lock
        if candidate != row.status and not locked and now - since >= hold:
            changes.append((row.id, row.status, candidate, intercept, factor))
    _write(scores, changes, now)
    report.changes = [(note, old, new) for note, old, new, _, _ in changes]
    return report


def _number(value) -> float | None:
    return None if np.isnan(value) else float(value)


def _write(scores: list[dict], changes: list[tuple], now: datetime) -> None:
    """One transaction: every note's score, and every visible status change with its history row."""
    with db.engine.begin() as conn:
        conn.execute(delete(NoteScore))
        for start in range(0, len(scores), BATCH):
            conn.execute(insert(NoteScore), scores[start:start + BATCH])
        for note, old, new, intercept, factor in changes:
            conn.execute(update(Annotation).where(Annotation.id == note)
                         .values(status=new, version=Annotation.version + 1))
            conn.execute(insert(StatusChange).values(annotation_id=note, old_status=old, new_status=new,
                                                     intercept=intercept, factor=factor, changed=now))
        # Last, just before COMMIT: the change feed's settle window counts from these rows' time.
        changelog.record_many(conn, [note for note, *_ in changes], "status_changed")
