"""argon2id password hashing, with cost parameters from the settings."""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError


class Passwords:
    """Created unbound; `init_app` reads the argon2 cost from the app's settings."""

    def __init__(self) -> None:
        self._hasher = PasswordHasher()
        self._dummy_hash = ""

    def init_app(self, app) -> None:
        settings = app.config["GLOSS"]
        self._hasher = PasswordHasher(time_cost=settings.argon2_time_cost,
                                      memory_cost=settings.argon2_memory_kib, parallelism=2)
        # Verifying against this when the user is unknown makes both answers take as long,
        # so response time does not reveal which usernames exist.
        self._dummy_hash = self._hasher.hash("not a real password")

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str | None, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash or self._dummy_hash, password) and password_hash is not None
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        return self._hasher.check_needs_rehash(password_hash)


passwords = Passwords()
