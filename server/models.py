"""Imports every model, so Base.metadata knows all tables (for Alembic and the tests)."""
from server.accounts.models import ApiToken, UiSession, User  # noqa: F401
from server.annotations.models import Annotation, AnnotationTag  # noqa: F401
from server.apikeys.models import AppKey  # noqa: F401
from server.documents.models import Document, DocumentUrl  # noqa: F401
from server.feeds.models import NoteChange  # noqa: F401
from server.fingerprints.models import QuoteFingerprint  # noqa: F401
from server.moderation.models import AuditEntry, Flag  # noqa: F401
from server.ratings.models import NoteScore, Rating, StatusChange  # noqa: F401
