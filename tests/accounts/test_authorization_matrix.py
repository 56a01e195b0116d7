"""Who may do what: every API operation against every kind of caller, compared with one table.

Callers: anonymous, a reader, the note's author (a contributor), a moderator, an admin, a suspended
reader, a suspended moderator, and a third-party app key. Each (operation, caller) pair runs in a
fresh world, built through the API the way users build it, so a write in one case cannot change the
answer of another. Every route the app serves must be in the table (a new route fails
`test_every_route_is_in_the_matrix` until its row is written), and the moderator web UI has its own
table at the end.
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.factories import NORMALIZED_URL, make_note

ANON, READER, AUTHOR, MOD, ADMIN, SUSP_READER, SUSP_MOD, APP = (
    "anonymous", "reader", "author", "moderator", "admin", "suspended_reader", "suspended_moderator", "app_key")
CALLERS = (ANON, READER, AUTHOR, MOD, ADMIN, SUSP_READER, SUSP_MOD, APP)
USERS = (READER, AUTHOR, MOD, ADMIN, SUSP_READER, SUSP_MOD)
ROLES = {READER: "reader", AUTHOR: "contributor", MOD: "moderator", ADMIN: "admin", SUSP_READER: "reader",
         SUSP_MOD: "moderator"}
PASSWORD = "correct horse battery"
VERDICT_NOTE = make_note(motivation="assessing", gloss={"verdict": "misleading"})


def everyone(status):
    return dict.fromkeys(CALLERS, status)


def signed_in(status):
    """Any signed-in user, suspended or not (reading and managing one's own credentials)."""
    return {ANON: 401, **dict.fromkeys(USERS, status), APP: 403}


def active(status):
    """Any signed-in user whose account is not suspended."""
    return {**signed_in(status), SUSP_READER: 403, SUSP_MOD: 403}


def writers(status):
    return {**active(status), READER: 403}


def moderators(status):
    return {**active(status), READER: 403, AUTHOR: 403}


def author_only(status):
    """The note's author; every other writer is refused (not_author), readers cannot write."""
    return {**writers(403), AUTHOR: status}


@dataclass(frozen=True)
class Op:
    method: str
    path: str
    expected: dict
    body: object = None
    headers: tuple = ()

    def __str__(self):
        return f"{self.method} {self.path}"


EDITED = make_note(body=[{"type": "TextualBody", "value": "Edited in the matrix.", "format": "text/plain"}])
OPERATIONS = [
    # Reading notes
    Op("GET", f"/api/annotations?url={NORMALIZED_URL}", everyone(200)),
    Op("GET", "/api/annotations/{note}", everyone(200)),
    Op("GET", "/annotations/{note}", everyone(200)),
    Op("GET", "/api/annotations/{held}",
       {**everyone(404), AUTHOR: 200, MOD: 200, ADMIN: 200}),  # a suspended moderator sees no held note
    Op("POST", "/api/anchor", everyone(200), {"url": NORMALIZED_URL, "text": "x"}),
    Op("GET", "/annotations/", everyone(200)),
    Op("OPTIONS", "/annotations/", everyone(200)),
    # Writing notes
    Op("POST", "/api/annotations", writers(201), make_note()),
    Op("POST", "/annotations/", writers(201), make_note()),
    Op("PATCH", "/api/annotations/{note}", author_only(200), {"bodyValue": "Edited in the matrix."}),
    Op("PUT", "/api/annotations/{note}", author_only(200), EDITED),
    Op("PUT", "/annotations/{note}", author_only(200), EDITED),
    Op("PATCH", "/annotations/{note}", author_only(200), {"bodyValue": "Edited in the matrix."}),
    Op("DELETE", "/api/annotations/{note}", author_only(204)),
    Op("DELETE", "/annotations/{note}", author_only(204)),
    # Flags
    Op("POST", "/api/annotations/{note}/flags", active(201), {"reason": "misleading", "comment": ""}),
    Op("GET", "/api/annotations/{note}/flags", {**active(403), AUTHOR: 200, MOD: 200, ADMIN: 200}),
    # Ratings (the world has a rating by the reader, the moderator and the admin)
    Op("PUT", "/api/annotations/{note}/rating", {**active(200), AUTHOR: 403}, {"helpfulness": "helpful"}),
    Op("GET", "/api/annotations/{note}/rating", {**signed_in(200), AUTHOR: 404, SUSP_READER: 404, SUSP_MOD: 404}),
    Op("DELETE", "/api/annotations/{note}/rating", {**active(204), AUTHOR: 404}),
    Op("GET", "/api/annotations/{note}/ratings/summary", everyone(200)),
    # Feeds and third-party reads
    Op("GET", "/api/annotations/{note}/claimreview", everyone(200)),
    Op("GET", "/api/changes", everyone(200)),
    Op("GET", "/feeds/annotations.atom", everyone(200)),
    Op("GET", "/api/export/annotations.jsonl", {**everyone(200), ANON: 401}),
    Op("GET", "/api/fingerprints", everyone(200)),
    Op("GET", "/api/lookup?prefix=abcd", everyone(200)),
    # App keys
    Op("POST", "/api/keys", active(201), {"name": "matrix"}),
    Op("GET", "/api/keys", signed_in(200)),
    Op("DELETE", "/api/keys/{own_key}", signed_in(204)),
    # Accounts and tokens
    Op("GET", "/api/me", signed_in(200)),
    Op("POST", "/api/tokens", {**everyone(201), APP: 403}, "{own_credentials}"),
    Op("GET", "/api/tokens", signed_in(200)),
    Op("DELETE", "/api/tokens/{own_token}", signed_in(204)),
    Op("POST", "/api/users", {**everyone(201), APP: 403},
       {"username": "newcomer", "email": "newcomer@example.org", "password": PASSWORD}),
    # Moderation
    Op("POST", "/api/moderation/annotations/{note}/actions", moderators(200),
       {"action": "hide", "reason": "Matrix.", "expected_version": 1}),
    Op("POST", "/api/moderation/users/target/actions", moderators(200), {"action": "suspend", "reason": "Matrix."}),
    Op("GET", "/api/moderation/queue", moderators(200)),
    Op("GET", "/api/moderation/log", moderators(200)),
    # The service itself
    Op("GET", "/api/health", everyone(200)),
    Op("GET", "/api/openapi.json", everyone(200)),
    Op("GET", "/api/docs", everyone(200)),
    Op("GET", "/api/docs/docs.css", everyone(200)),
    Op("GET", "/demo/article", everyone(200)),
]


class World:
    """Users of every kind with tokens, the author's visible note and held note, ratings, keys."""

    def __init__(self, client, accounts):
        self.client = client
        self.tokens: dict[str, str] = {}
        self.own_token: dict[str, str] = {}
        self.own_key: dict[str, str] = {}
        for caller in USERS:
            _, self.tokens[caller] = accounts.create(caller, role=ROLES[caller])
        accounts.create("target")
        _, owner = accounts.create("keyowner")
        self.app_key = self._ok("POST", "/api/keys", {"name": "app"}, owner)["key"]
        self.note = self._note(VERDICT_NOTE)
        held = self._note(make_note())
        self._ok("POST", f"/api/moderation/annotations/{held}/actions",
                 {"action": "hide", "reason": "Held for the matrix.", "expected_version": 1}, self.tokens[ADMIN])
        self.held = held
        for caller in (READER, MOD, ADMIN):
            self._ok("PUT", f"/api/annotations/{self.note}/rating", {"helpfulness": "helpful"}, self.tokens[caller])
        for caller in USERS:
            self.own_token[caller] = self._ok("POST", "/api/tokens", self.credentials(caller), None)["id"]
            self.own_key[caller] = self._ok("POST", "/api/keys", {"name": "own"}, self.tokens[caller])["id"]
        accounts.suspend(SUSP_READER, SUSP_MOD)  # last: their tokens, keys and ratings predate the suspension

    def credentials(self, caller: str) -> dict:
        return {"username": caller if caller in USERS else AUTHOR, "password": PASSWORD}

    def _note(self, payload) -> str:
        return self._ok("POST", "/api/annotations", payload, self.tokens[AUTHOR])["id"].rsplit("/", 1)[1]

    def _ok(self, method, path, body, token):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = self.client.open(path, method=method, json=body, headers=headers)
        assert response.status_code < 300, (method, path, response.get_json())
        return response.get_json()

    def headers(self, caller: str) -> dict:
        secret = {ANON: None, APP: self.app_key}.get(caller, self.tokens.get(caller))
        return {"Authorization": f"Bearer {secret}"} if secret else {}

    def request(self, op: Op, caller: str):
        fill = {"note": self.note, "held": self.held, "own_key": self.own_key.get(caller, "none"),
                "own_token": self.own_token.get(caller, "none")}
        body = self.credentials(caller) if op.body == "{own_credentials}" else op.body
        return self.client.open(op.path.format(**fill), method=op.method, json=body, headers=self.headers(caller))


def _suspend(app, *usernames):
    from sqlalchemy import update

    from server.accounts.models import User
    from server.db import db
    with app.app_context():
        db.session.execute(update(User).where(User.username.in_(usernames)).values(suspended=True))
        db.session.commit()


@pytest.fixture()
def new_world(client, accounts, app, request):
    """Builds a fresh world (the tables are emptied first, as between tests)."""
    from sqlalchemy import delete

    from server.db import Base, db

    def build():
        with app.app_context():
            db.session.remove()
            with db.engine.begin() as conn:
                for table in reversed(Base.metadata.sorted_tables):
                    conn.execute(delete(table))
        accounts.suspend = lambda *names: _suspend(app, *names)
        return World(client, accounts)
    return build


@pytest.fixture()
def world(new_world):
    return new_world()


@pytest.mark.parametrize("op", OPERATIONS, ids=str)
def test_each_caller_gets_what_the_table_says(new_world, op):
    """One world per operation, rebuilt after each success that may have changed it; refusals share it
    (a refused request changes nothing, so the next caller meets the same world)."""
    wrong, world = [], new_world()
    for caller in CALLERS:
        response = world.request(op, caller)
        if response.status_code != op.expected[caller]:
            wrong.append((caller, op.expected[caller], response.status_code, response.get_data(as_text=True)[:200]))
        elif response.status_code >= 400 and op.path.startswith(("/api/", "/annotations")):
            assert response.get_json()["error"]["code"], (caller, response.get_data(as_text=True))
        if response.status_code < 300 and op.method not in ("GET", "OPTIONS") and op.path != "/api/anchor":
            world = new_world()
    assert wrong == [], f"{op}: (caller, expected, got, body)"


def test_a_suspended_moderator_is_refused_with_the_suspended_code(world):
    for op in OPERATIONS:
        if op.expected[AUTHOR] < 300 and op.expected[READER] == 403 and op.expected[SUSP_READER] == 403:
            continue  # the author's and moderators' (a note's flags): refused as any other reader, not_author
        if op.expected[SUSP_MOD] == 403 and op.expected[MOD] < 300:
            response = world.request(op, SUSP_MOD)
            assert response.get_json()["error"]["code"] == "suspended", str(op)


def test_every_route_is_in_the_matrix(app):
    covered = {(op.method, op.path.split("?")[0]) for op in OPERATIONS} | {(m, p) for m, p, _ in UI_OPERATIONS}
    served = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        path = rule.rule.replace("<annotation_id>", "{note}").replace("<key_id>", "{own_key}")
        path = path.replace("<token_id>", "{own_token}").replace("<username>", "target")
        for method in rule.methods - {"HEAD"} - ({"OPTIONS"} if rule.rule != "/annotations/" else set()):
            served.add((method, path))
    held_reads = {("GET", "/api/annotations/{held}")}
    assert served - covered == set(), "routes missing from the matrix"
    assert covered - served - held_reads == set(), "matrix rows for routes that do not exist"


# --- the moderator web UI: a session, not a bearer token -----------------------------------------------

UI_OPERATIONS = [
    ("GET", "/moderation/", None),
    ("GET", "/moderation/dashboard", None),
    ("GET", "/moderation/log", None),
    ("GET", "/moderation/notes/{note}", None),
    ("POST", "/moderation/notes/{note}/actions", {"action": "hide", "reason": "UI matrix.", "expected_version": "1"}),
    ("GET", "/moderation/login", None),
    ("POST", "/moderation/login", None),
    ("POST", "/moderation/logout", None),
]


def _csrf(client, path="/moderation/login"):
    import re
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _sign_in(client, username):
    return client.post("/moderation/login", data={"username": username, "password": PASSWORD,
                                                  "csrf_token": _csrf(client)})


@pytest.mark.parametrize("caller", USERS)
def test_only_active_moderators_sign_in_to_the_web_ui(app, world, caller):
    client = app.test_client()
    response = _sign_in(client, caller)
    may = caller in (MOD, ADMIN)
    assert response.status_code == (302 if may else 403)
    assert (client.get("/moderation/").status_code == 200) is may


def test_a_moderator_suspended_while_signed_in_loses_every_ui_page_and_action(app, world, accounts):
    client = app.test_client()
    assert _sign_in(client, MOD).status_code == 302
    token = _csrf(client, "/moderation/")
    accounts.suspend(MOD)
    for method, path, form in UI_OPERATIONS:
        if "login" in path or "logout" in path:
            continue
        data = {**form, "csrf_token": token} if form else None
        response = client.open(path.format(note=world.note), method=method, data=data)
        assert response.status_code == 403, (method, path)
    # ...and nothing changed: the note is still visible to anyone.
    note = app.test_client().get(f"/api/annotations/{world.note}").get_json()
    assert note["gloss"]["moderation_state"] == "visible"
