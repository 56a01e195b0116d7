"""The moderators' web UI at /moderation/: server-rendered pages, session sign-in, CSRF-checked forms."""
from server.moderation.ui.views import bp

__all__ = ["bp"]
