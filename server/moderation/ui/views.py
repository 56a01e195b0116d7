"""The moderators' web UI: the queue, a note's detail page with one-click actions, the audit log and a
dashboard. Server-rendered HTML; signed in with a session cookie; every POST carries a CSRF token.

Only moderators and admins reach any page: anonymous visitors are sent to the sign-in page, any other
signed-in user gets a 403 page. Errors are rendered as HTML here (the app's handlers answer JSON)."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from marshmallow import ValidationError

from server.accounts import services as accounts
from server.db import db
from server.errors import ApiError, Conflict, Gone, NotFound
from server.moderation import services
from server.moderation.schemas import LogFilterForm, QueueFilterForm
from server.moderation.ui import charts, csrf, forms, security
from server.queryargs import query_args

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


def _no_such_note():
    return _error(404, "No such note", "There is no note with this id, or it was deleted.")


@bp.errorhandler(ApiError)
def _api_error(err: ApiError):
    db.session.rollback()  # a refused action keeps nothing it began, and the page can still read the session
    return _error(err.status, "Something is wrong", err.message)


@bp.errorhandler(ValidationError)
def _bad_filters(err: ValidationError):
    problems = "; ".join(f"{name}: {' '.join(map(str, messages))}" for name, messages in err.messages.items())
    return _error(422, "Check the filters", problems)


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

def _signed_in(username: str, password: str):
    """The moderator these credentials sign in, or why not: (user, None) or (None, (status, message))."""
    try:
        user = accounts.check_password(username, password) if username and password else None
    except ApiError:
        user = None
    if user is None:
        return None, (401, "Wrong username or password.")
    if not user.can_moderate:
        return None, (403, "Only moderators and admins can sign in here.")
    return user, None


def _start_session(user) -> None:
    accounts.end_ui_session(session.get(SESSION_SECRET))  # signing in again ends the session it replaces
    session.clear()  # a fresh session (and CSRF token) on every sign-in
    session.permanent = False
    session[SESSION_SECRET] = accounts.start_ui_session(user, current_app.config["GLOSS"].ui_session_hours)
    csrf.token()


@bp.route("/login", methods=["GET", "POST"])
def login():
    next_url = request.values.get("next")
    if request.method == "GET" and g.moderator is not None:
        return redirect(_safe_next(next_url))
    if request.method == "GET":
        return _page("login.html", next_url=next_url or "")
    username = request.form.get("username", "").strip()
    user, refusal = _signed_in(username, request.form.get("password", ""))
    if refusal is not None:
        status, error = refusal
        return _page("login.html", status, next_url=next_url or "", username=username, error=error)
    _start_session(user)
    return redirect(_safe_next(next_url))


@bp.post("/logout")
def logout():
    accounts.end_ui_session(session.get(SESSION_SECRET))
    session.clear()
    flash("You are signed out.")
    return redirect(url_for("moderation_ui.login"))


# --- the queue -----------------------------------------------------------------------------------------

def _filters(form) -> tuple[dict, str | None]:
    """A filter form's filters (parsed as the API parses them; PAGE rows a page, no `since` field
    here) and the cursor of the page asked for."""
    query = query_args(form)
    filters = {name: value for name, value in query.items() if name not in ("limit", "cursor", "since")}
    return filters, query.get("cursor")


@bp.get("/")
def queue():
    filters, cursor = _filters(QueueFilterForm)
    page = services.queue_page(filters, PAGE, cursor)
    next_url = url_for("moderation_ui.queue", **filters, cursor=page.next) if page.next else None
    return _page("queue.html", rows=page.rows, filters=filters, next_url=next_url, states=forms.STATES,
                 reasons=forms.REASONS)


# --- a note --------------------------------------------------------------------------------------------

def _note_page(annotation_id: str, status: int = 200, **extra):
    context = services.note_context(annotation_id, g.moderator)
    if context is None:
        return _no_such_note()
    return _page("note.html", status, actions=forms.ACTIONS, **vars(context), **extra)


@bp.get("/notes/<annotation_id>")
def note(annotation_id: str):
    return _note_page(annotation_id)


@bp.post("/notes/<annotation_id>/actions")
def act(annotation_id: str):
    """A form refused (422) or overtaken by another moderator (409) shows the note's page again, so
    those answers read its context too."""
    data, problems = forms.note_action(request.form)
    if problems:
        return _note_page(annotation_id, 422, errors=problems)
    try:
        decided = services.act_on_note(g.moderator, annotation_id, **data)
    except (NotFound, Gone):
        return _no_such_note()
    except Conflict:  # another moderator acted first: the note as it is now, and what to do
        return _note_page(annotation_id, 409, errors=[CONFLICT_MESSAGE])
    flash(f"Done: {data['action']} ({decided.moderation_state}).")
    return redirect(url_for("moderation_ui.note", annotation_id=annotation_id))


# --- the audit log -------------------------------------------------------------------------------------

@bp.get("/log")
def audit_log():
    filters, cursor = _filters(LogFilterForm)
    page = services.log_page(filters, PAGE, cursor)
    next_url = url_for("moderation_ui.audit_log", **filters, cursor=page.next) if page.next else None
    return _page("log.html", entries=page.entries, names=page.names, filters=filters, next_url=next_url,
                 actions=forms.LOG_ACTIONS)


# --- the dashboard -------------------------------------------------------------------------------------

DAYS = 30


@bp.get("/dashboard")
def dashboard():
    return _page("dashboard.html", **charts.dashboard(services.dashboard(DAYS)))
