"""The moderators' web UI: the queue, a note's detail page with one-click actions, the audit log and a
dashboard. Server-rendered HTML; signed in with a session cookie; every POST carries a CSRF token.

Only moderators and admins reach any page: anonymous visitors are sent to the sign-in page, any other
signed-in user gets a 403 page. Errors are rendered as HTML here (the app's handlers answer JSON)."""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import (Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for)
from sqlalchemy import func, or_, select

from server.accounts import services as accounts
from server.accounts.models import User
from server.annotations.models import MODERATION_STATES, Annotation
from server.db import db, utcnow
from server.errors import ApiError, Conflict
from server.moderation import paging, services
from server.moderation.models import FLAG_REASONS, NOTE_ACTIONS, AuditEntry, Flag
from server.moderation.ui import charts, csrf, security
from server.ratings.models import Rating

bp = Blueprint("moderation_ui", __name__, url_prefix="/moderation")

PAGE = 50
# The session cookie holds only this secret; the server's ui_sessions row says whose it is and until
# when, so signing out (or a suspension, or a role change) ends it for every copy of the cookie.
SESSION_SECRET = "ui_session"
PUBLIC_ENDPOINTS = {"moderation_ui.login"}
CONFLICT_MESSAGE = "Someone else changed this note; reload."


@bp.record_once
def _configure(state) -> None:
    config = state.app.config
    config["SESSION_COOKIE_HTTPONLY"] = True
    if not config.get("SESSION_COOKIE_SAMESITE"):
        config["SESSION_COOKIE_SAMESITE"] = "Lax"
    # Served over https (as production should be): the session cookie never travels in clear.
    if (config["GLOSS"].public_base_url or "").startswith("https://"):
        config["SESSION_COOKIE_SECURE"] = True


bp.after_request(security.add_headers)


@bp.context_processor
def _template_globals():
    return {"csrf_token": csrf.token, "csp_nonce": security.nonce, "moderator": g.get("moderator"),
            "is_http_url": _is_http_url}


def _is_http_url(value) -> bool:
    return isinstance(value, str) and urlsplit(value).scheme in ("http", "https")


def _page(template: str, status: int = 200, **context):
    return render_template(f"moderation/{template}", **context), status


def _error(status: int, title: str, message: str):
    return _page("error.html", status, title=title, message=message)


@bp.errorhandler(ApiError)
def _api_error(err: ApiError):
    db.session.rollback()
    return _error(err.status, "Something is wrong", err.message)


@bp.errorhandler(429)
def _too_many_attempts(_err):
    # The rate limiter's 429 on the sign-in form, as a page; it adds Retry-After and RateLimit-* itself.
    return _error(429, "Too many attempts", "Too many sign-in attempts from your address. "
                                            "Wait a minute, then try again.")


@bp.before_request
def _guard():
    if request.method == "POST" and not csrf.valid(request.form.get(csrf.FIELD)):
        return _error(400, "Form expired", "This form is missing its security token or it is out of date. "
                                           "Go back, reload the page and try again.")
    g.moderator = None
    user = accounts.ui_session_user(session.get(SESSION_SECRET))
    if request.endpoint in PUBLIC_ENDPOINTS:
        g.moderator = user if user is not None and user.can_moderate else None
        return None
    if user is None:
        session.pop(SESSION_SECRET, None)
        return redirect(url_for("moderation_ui.login", next=request.full_path.rstrip("?")))
    if not user.can_moderate:
        return _error(403, "Not allowed", "Only moderators and admins can use these pages.")
    g.moderator = user
    return None


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/moderation") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("moderation_ui.queue")


# --- signing in and out --------------------------------------------------------------------------------

@bp.route("/login", methods=["GET", "POST"])
def login():
    next_url = request.values.get("next")
    if request.method == "GET":
        if g.moderator is not None:
            return redirect(_safe_next(next_url))
        return _page("login.html", next_url=next_url or "")
    username = request.form.get("username", "").strip()
    password = request.form.get("password", "")
    try:
        user = accounts.check_password(username, password) if username and password else None
    except ApiError:
        user = None
    if user is None:
        return _page("login.html", 401, next_url=next_url or "", username=username,
                     error="Wrong username or password.")
    if not user.can_moderate:
        return _page("login.html", 403, next_url=next_url or "", username=username,
                     error="Only moderators and admins can sign in here.")
    accounts.end_ui_session(session.get(SESSION_SECRET))  # signing in again ends the session it replaces
    session.clear()  # a fresh session (and CSRF token) on every sign-in
    session.permanent = False
    session[SESSION_SECRET] = accounts.start_ui_session(user, current_app.config["GLOSS"].ui_session_hours)
    csrf.token()
    return redirect(_safe_next(next_url))


@bp.post("/logout")
def logout():
    accounts.end_ui_session(session.get(SESSION_SECRET))
    session.clear()
    flash("You are signed out.")
    return redirect(url_for("moderation_ui.login"))


# --- the queue -----------------------------------------------------------------------------------------

def _filters(*names: str) -> dict:
    return {name: request.args.get(name, "").strip() for name in names if request.args.get(name, "").strip()}


@bp.get("/")
def queue():
    filters = _filters("state", "reason", "domain", "author")
    if filters.get("state") and filters["state"] not in MODERATION_STATES:
        return _error(422, "Unknown state", f"The state must be one of {', '.join(MODERATION_STATES)}.")
    if filters.get("reason") and filters["reason"] not in FLAG_REASONS:
        return _error(422, "Unknown reason", f"The flag reason must be one of {', '.join(FLAG_REASONS)}.")
    page = services.queue_page(filters, PAGE, paging.queue_after(request.args.get("cursor")))
    cursor = paging.queue_next(page)
    next_url = url_for("moderation_ui.queue", **filters, cursor=cursor) if cursor else None
    return _page("queue.html", rows=page.rows, filters=filters, next_url=next_url, states=MODERATION_STATES,
                 reasons=FLAG_REASONS)


# --- a note --------------------------------------------------------------------------------------------

def _usernames(ids) -> dict[str, str]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.username).where(User.id.in_(ids))).all())


def _ratings(note: Annotation) -> dict:
    counts = Counter(db.session.scalars(select(Rating.helpfulness).where(Rating.annotation_id == note.id)))
    return {"total": sum(counts.values()),
            "counts": {h: counts.get(h, 0) for h in ("helpful", "somewhat_helpful", "not_helpful")}}


def _note_context(note: Annotation) -> dict:
    flags = list(db.session.scalars(select(Flag).where(Flag.annotation_id == note.id)
                                    .order_by(Flag.created.desc(), Flag.id)))
    trail = services.log_page({"target": note.id}, 100).entries
    author_note_ids = select(Annotation.id).where(Annotation.author_id == note.author_id)
    other_notes = db.session.scalar(select(func.count()).select_from(Annotation).where(
        Annotation.author_id == note.author_id, Annotation.id != note.id, Annotation.deleted.is_(None)))
    history = list(db.session.scalars(
        select(AuditEntry).where(or_((AuditEntry.target_type == "annotation") & AuditEntry.target_id.in_(author_note_ids),
                                     (AuditEntry.target_type == "user") & (AuditEntry.target_id == note.author_id)))
        .order_by(AuditEntry.created.desc(), AuditEntry.id.desc()).limit(20)))
    names = _usernames([f.flagger_id for f in flags] + [e.actor_id for e in trail + history])
    return {"note": note, "flags": flags, "trail": trail, "history": history, "names": names,
            "other_notes": other_notes, "ratings": _ratings(note), "actions": NOTE_ACTIONS}


def _load_note(annotation_id: str) -> Annotation | None:
    note = db.session.get(Annotation, annotation_id)
    return None if note is None or note.deleted is not None else note


@bp.get("/notes/<annotation_id>")
def note(annotation_id: str):
    found = _load_note(annotation_id)
    if found is None:
        return _error(404, "No such note", "There is no note with this id, or it was deleted.")
    return _page("note.html", **_note_context(found))


@bp.post("/notes/<annotation_id>/actions")
def act(annotation_id: str):
    found = _load_note(annotation_id)
    if found is None:
        return _error(404, "No such note", "There is no note with this id, or it was deleted.")
    action = request.form.get("action", "")
    reason = request.form.get("reason", "").strip()
    raw_version = request.form.get("expected_version", "")
    problems = []
    if action not in NOTE_ACTIONS:
        problems.append(f"Choose one of {', '.join(NOTE_ACTIONS)}.")
    if not reason:
        problems.append("Give a reason.")
    elif len(reason) > 1000:
        problems.append("Keep the reason under 1000 characters.")
    if not (raw_version.isascii() and raw_version.isdigit() and len(raw_version) <= 10):  # int() refuses "²"
        problems.append("The form is missing the note's version; reload the page.")
    if problems:
        return _page("note.html", 422, errors=problems, **_note_context(found))
    try:
        services.act_on_note(g.moderator, annotation_id, action, reason, int(raw_version))
    except Conflict:
        db.session.rollback()
        fresh = _load_note(annotation_id)
        return _page("note.html", 409, errors=[CONFLICT_MESSAGE], **_note_context(fresh))
    flash(f"Done: {action} ({found.moderation_state}).")
    return redirect(url_for("moderation_ui.note", annotation_id=annotation_id))


# --- the audit log -------------------------------------------------------------------------------------

@bp.get("/log")
def audit_log():
    filters = _filters("actor", "action")
    page = services.log_page(filters, PAGE, paging.log_before(request.args.get("cursor")))
    cursor = paging.log_next(page)
    next_url = url_for("moderation_ui.audit_log", **filters, cursor=cursor) if cursor else None
    actions = sorted({"auto_pending", *NOTE_ACTIONS, "suspend", "unsuspend", "set_role"})
    return _page("log.html", entries=page.entries, names=page.names, filters=filters, next_url=next_url,
                 actions=actions)


# --- the dashboard -------------------------------------------------------------------------------------

DAYS = 30


@bp.get("/dashboard")
def dashboard():
    today = utcnow().date()
    days = [today - timedelta(days=DAYS - 1 - i) for i in range(DAYS)]
    since = datetime.combine(days[0], datetime.min.time()).replace(tzinfo=utcnow().tzinfo)
    index = {day: i for i, day in enumerate(days)}

    flags_per_day = [0] * DAYS
    for created in db.session.scalars(select(Flag.created).where(Flag.created >= since)):
        if created.date() in index:
            flags_per_day[index[created.date()]] += 1

    changes = {state: [0] * DAYS for state in MODERATION_STATES}
    rows = db.session.execute(select(AuditEntry.created, AuditEntry.new_value).where(
        AuditEntry.target_type == "annotation", AuditEntry.created >= since)).all()
    for created, new_state in rows:
        if created.date() in index and new_state in changes:
            changes[new_state][index[created.date()]] += 1

    current = dict.fromkeys(MODERATION_STATES, 0)
    for state, count in db.session.execute(select(Annotation.moderation_state, func.count()).where(
            Annotation.deleted.is_(None)).group_by(Annotation.moderation_state)):
        current[state] = count

    flags_chart = charts.daily_bars(days, {"flags": flags_per_day}, title=f"Flags raised per day, last {DAYS} days",
                                    unit="flags")
    changes_chart = charts.daily_bars(days, changes, colors=charts.STATE_COLORS, unit="state changes",
                                      title=f"Moderation state changes per day by new state, last {DAYS} days")
    current_chart = charts.horizontal_bars(current, colors=charts.STATE_COLORS, unit="notes",
                                           title="Notes per moderation state now")
    return _page("dashboard.html", flags_chart=flags_chart, changes_chart=changes_chart, current_chart=current_chart,
                 total_flags=sum(flags_per_day), total_changes=sum(sum(v) for v in changes.values()), current=current)
