"""What the moderators' web UI reads from its query strings and forms, checked before any service runs.
A refusal is told on a page, in words for the moderator: `Refused` for a whole page (its status,
title and message), a list of problems for the note action form, shown above the form."""
from __future__ import annotations

from server.annotations.models import MODERATION_STATES
from server.moderation.models import FLAG_REASONS, NOTE_ACTIONS

STATES = MODERATION_STATES
REASONS = FLAG_REASONS
ACTIONS = NOTE_ACTIONS
# The log's action filter: what the audit log's rows say (hiding a user's notes writes "hide" rows).
LOG_ACTIONS = sorted({"auto_pending", *NOTE_ACTIONS, "suspend", "unsuspend", "set_role"})


class Refused(Exception):
    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(message)
        self.status, self.title, self.message = status, title, message


def _filters(args, *names: str) -> dict:
    """The named parameters that are given, stripped; empty ones are left out (as links are built)."""
    return {name: args.get(name, "").strip() for name in names if args.get(name, "").strip()}


def queue_filters(args) -> dict:
    found = _filters(args, "state", "reason", "domain", "author")
    if found.get("state") and found["state"] not in STATES:
        raise Refused(422, "Unknown state", f"The state must be one of {', '.join(STATES)}.")
    if found.get("reason") and found["reason"] not in REASONS:
        raise Refused(422, "Unknown reason", f"The flag reason must be one of {', '.join(REASONS)}.")
    return found


def log_filters(args) -> dict:
    return _filters(args, "actor", "action")


def note_action(form) -> tuple[dict, list[str]]:
    """The action, reason and expected version a note's action form sends, and what is wrong with them."""
    action = form.get("action", "")
    reason = form.get("reason", "").strip()
    raw_version = form.get("expected_version", "")
    problems = []
    if action not in ACTIONS:
        problems.append(f"Choose one of {', '.join(ACTIONS)}.")
    if not reason:
        problems.append("Give a reason.")
    elif len(reason) > 1000:
        problems.append("Keep the reason under 1000 characters.")
    if not (raw_version.isascii() and raw_version.isdigit() and len(raw_version) <= 10):  # int() refuses "²"
        problems.append("The form is missing the note's version; reload the page.")
    if problems:
        return {}, problems
    return {"action": action, "reason": reason, "expected_version": int(raw_version)}, []
