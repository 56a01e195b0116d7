"""What the moderators' web UI reads from its action form, checked before any service runs, and the
choices its forms offer. A refused action form is told on the note's page, as a list of problems
shown above the form. The filter forms are parsed by the API's own query schemas (moderation.schemas)."""
from __future__ import annotations

from server.annotations.models import MODERATION_STATES
from server.moderation.models import FLAG_REASONS, NOTE_ACTIONS

STATES = MODERATION_STATES
REASONS = FLAG_REASONS
ACTIONS = NOTE_ACTIONS
# The log's action filter: what the audit log's rows say (hiding a user's notes writes "hide" rows).
LOG_ACTIONS = sorted({"auto_pending", *NOTE_ACTIONS, "suspend", "unsuspend", "set_role"})


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
