"""Five classes of input the outside audit found answering 500 (issue 13, item 3). Each is now a JSON 4xx
from the shared parsing layer (server/web.py, server/times.py, server/cursors.py), whatever the endpoint,
and changes nothing. Run on PostgreSQL too (TEST_DATABASE_URL): SQLite stores NUL where PostgreSQL refuses
it, and only PostgreSQL has the integer column bounds."""
from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select

from server import cursors
from server.db import Base, db
from tests.factories import make_note, post_note

TOO_LATE = "9999-12-31T23:59:59-14:00"  # 10000-01-01T13:59:59Z: no datetime holds it
TOO_EARLY = "0001-01-01T00:00:00+14:00"  # 0000-12-31T10:00:00Z


def table_counts(app) -> dict:
    with app.app_context():
        return {table.name: db.session.scalar(select(func.count()).select_from(table))
                for table in Base.metadata.sorted_tables}


@pytest.fixture()
def users(accounts):
    """A contributor's and a moderator's headers, and a note by the contributor."""
    return {"writer": accounts.headers("alice"), "moderator": accounts.headers("mod", role="moderator")}


@pytest.fixture()
def note(client, users):
    return post_note(client, users["writer"], make_note())


def answer(client, users, method, path, who=None, body=None, **kwargs):
    headers = dict(users[who]) if who else {}
    return client.open(path, method=method, json=body, headers=headers, **kwargs)


def assert_clean_error(response, status, code=None):
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True)[:300])
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert set(error) <= {"code", "message", "fields"} and error["message"]
    if code:
        assert error["code"] == code, error
    return error


@pytest.fixture()
def quiet_log(caplog):
    """Fails the test if anything was logged as an error (the 500s came with a traceback each)."""
    caplog.set_level(logging.ERROR, logger="gloss")
    yield
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text


# a. NUL, lone surrogates and invalid UTF-8 in a path segment or query parameter

NUL_REQUESTS = [
    ("GET", "/api/annotations/%00", None),
    ("GET", "/annotations/%00", None),
    ("PUT", "/api/annotations/%00/rating", "writer"),
    ("DELETE", "/api/keys/%00", "writer"),
    ("DELETE", "/api/tokens/%00", "writer"),
    ("GET", "/api/annotations?tag=%00", None),
    ("GET", "/api/annotations?url=https://news.example.com/a%00b", None),
    ("GET", "/api/annotations?%00=1", None),
    ("GET", "/api/moderation/queue?author=%00", "moderator"),
    ("GET", "/api/moderation/queue?reason=x%00", "moderator"),
    ("GET", "/api/moderation/log?actor=%00", "moderator"),
    ("GET", "/api/moderation/log?target=%00", "moderator"),
    ("POST", "/api/moderation/users/%00/actions", "moderator"),
    ("GET", "/moderation/queue?author=%00", None),
    ("GET", "/api/annotations?tag=%FF", None),  # not UTF-8
    ("GET", "/api/annotations?tag=%ED%A0%80", None),  # a UTF-16 surrogate, encoded
    ("GET", "/api/annotations?tag=%C0%80", None),  # an overlong NUL
]


@pytest.mark.parametrize("method,path,who", NUL_REQUESTS)
def test_nul_or_broken_utf8_in_path_or_query_answers_400_and_changes_nothing(app, client, users, note, quiet_log,
                                                                            method, path, who):
    before = table_counts(app)
    body = {"action": "suspend", "reason": "x"} if method == "POST" else None
    response = answer(client, users, method, path, who, body)
    assert_clean_error(response, 400, "bad_text")
    assert table_counts(app) == before


@pytest.mark.parametrize("field,value", [("reason", "Spam\x00."), ("expected_version", "9" * 5000),
                                         ("expected_version", str(2**40))],
                         ids=["nul-in-reason", "5000-digit-version", "40-bit-version"])
def test_a_moderator_ui_form_with_nul_or_a_huge_version_is_refused_and_changes_nothing(app, client, accounts, note,
                                                                                      quiet_log, field, value):
    from tests.moderation.test_ui import PASSWORD, csrf_from, login
    accounts.create("uimod", role="moderator", password=PASSWORD)
    assert login(client, "uimod").status_code == 302
    note_id = note["id"].rsplit("/", 1)[1]
    page = client.get(f"/moderation/notes/{note_id}").get_data(as_text=True)
    form = {"action": "hide", "reason": "Spam.", "expected_version": str(note["gloss"]["version"]),
            "csrf_token": csrf_from(page), field: value}
    before = table_counts(app)
    response = client.post(f"/moderation/notes/{note_id}/actions", data=form)
    assert response.status_code in (400, 409, 422), response.status_code
    assert table_counts(app) == before
    assert client.get(note["id"].replace("http://localhost", "")).status_code == 200  # still visible


@pytest.mark.parametrize("raw_path", [b"/api/annotations/\xc0\x80", b"/api/annotations/\xed\xa0\x80",
                                      b"/moderation/users/\xff"])
def test_a_path_that_is_not_utf8_answers_400(client, quiet_log, raw_path):
    # A real server hands the path's raw bytes over (as latin-1, per WSGI); the test client would
    # replace bad bytes with U+FFFD before the app saw them.
    response = client.get("/", environ_overrides={"PATH_INFO": raw_path.decode("latin-1")})
    assert_clean_error(response, 400, "bad_text")


@pytest.mark.parametrize("path", [
    "/api/annotations?cursor={}",
    "/api/keys?cursor={}",
    "/api/moderation/log?cursor={}",
])
def test_nul_inside_a_cursor_answers_400_and_changes_nothing(app, client, users, quiet_log, path):
    before = table_counts(app)
    cursor = cursors.encode(["2026-11-24T00:00:00+00:00", "a\x00b"])
    response = client.get(path.format(cursor), headers=users["moderator"])
    assert_clean_error(response, 400, "bad_cursor")
    assert table_counts(app) == before


# b. times that overflow when converted to UTC

@pytest.mark.parametrize("moment", [TOO_LATE, TOO_EARLY])
@pytest.mark.parametrize("path,who,field", [
    ("/api/annotations?created_after={}", None, "created_after"),
    ("/api/annotations?created_before={}", None, "created_before"),
    ("/api/annotations?updated_after={}&url=https://news.example.com/a", None, "updated_after"),
    ("/feeds/annotations.atom?created_after={}", None, "created_after"),
    ("/api/export/annotations.jsonl?updated_after={}", "writer", "updated_after"),
    ("/api/moderation/queue?since={}", "moderator", "since"),
    ("/api/moderation/log?since={}", "moderator", "since"),
])
def test_a_time_beyond_utc_in_a_query_answers_422_naming_it(client, users, quiet_log, moment, path, who, field):
    response = answer(client, users, "GET", path.format(moment.replace("+", "%2B")), who)
    error = assert_clean_error(response, 422)
    assert list(error["fields"]) == [field]


@pytest.mark.parametrize("path,values", [
    ("/api/annotations?cursor={}", [TOO_LATE, "x"]),
    ("/api/annotations?sort=updated&tag=t&cursor={}", [TOO_EARLY, "x"]),
    ("/feeds/annotations.atom?cursor={}", [TOO_LATE, "x"]),
    ("/api/keys?cursor={}", [TOO_LATE, "x"]),
    ("/api/moderation/log?cursor={}", [TOO_LATE, "x"]),
    ("/api/moderation/queue?cursor={}", [1, 1, TOO_LATE, "x"]),
])
def test_a_time_beyond_utc_in_a_cursor_answers_400(client, users, quiet_log, path, values):
    who = "moderator" if "moderation" in path else "writer"
    response = client.get(path.format(cursors.encode(values)), headers=users[who])
    assert_clean_error(response, 400, "bad_cursor")


@pytest.mark.parametrize("until", [TOO_LATE, TOO_EARLY])
def test_a_suspension_until_a_time_beyond_utc_answers_422_and_suspends_no_one(app, client, users, quiet_log, until):
    before = table_counts(app)
    response = client.post("/api/moderation/users/alice/actions", headers=users["moderator"],
                           json={"action": "suspend", "reason": "Spam.", "until": until})
    error = assert_clean_error(response, 422)
    assert list(error["fields"]) == ["until"]
    assert table_counts(app) == before
    assert client.get("/api/me", headers=users["writer"]).get_json().get("suspended") in (None, False)


# c. integers beyond the column type

def test_a_selector_offset_beyond_32_bits_answers_422_and_stores_nothing(app, client, users, quiet_log):
    before = table_counts(app)
    payload = make_note()
    payload["target"]["selector"][1] = {"type": "TextPositionSelector", "start": 2**31, "end": 2**31 + 52}
    response = client.post("/api/annotations", json=payload, headers=users["writer"])
    error = assert_clean_error(response, 422)
    assert set(error["fields"]) == {"target.selector.1.start", "target.selector.1.end"}
    assert table_counts(app) == before


def test_a_selector_offset_beyond_32_bits_in_an_edit_answers_422_and_changes_nothing(client, users, note, quiet_log):
    payload = make_note()
    payload["target"]["selector"][1] = {"type": "TextPositionSelector", "start": 2**31, "end": 2**31 + 52}
    path = note["id"].replace("http://localhost", "")
    assert_clean_error(client.put(path, json=payload, headers=users["writer"]), 422)
    assert client.get(path).get_json()["gloss"]["version"] == note["gloss"]["version"]


@pytest.mark.parametrize("path,values", [
    ("/api/changes?since={}", [2**63]),
    ("/api/changes?since={}", [-1]),
    ("/api/moderation/queue?cursor={}", [2**63, 0, "2026-11-24T00:00:00+00:00", "x"]),
    ("/api/moderation/queue?cursor={}", [0, 10**30, "2026-11-24T00:00:00+00:00", "x"]),
])
def test_a_cursor_number_beyond_64_bits_answers_400(client, users, quiet_log, path, values):
    response = client.get(path.format(cursors.encode(values)), headers=users["moderator"])
    assert_clean_error(response, 400, "bad_cursor")


@pytest.mark.parametrize("path,field", [
    ("/api/annotations?limit=" + "9" * 5000, "limit"),
    ("/annotations/?page=" + "9" * 5000, "page"),
    ("/annotations/?page=" + str(2**63), "page"),
])
def test_an_integer_parameter_beyond_its_range_answers_422_naming_it(client, quiet_log, path, field):
    error = assert_clean_error(client.get(path), 422)
    assert list(error["fields"]) == [field]


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_an_if_match_version_of_thousands_of_digits_answers_412_and_changes_nothing(client, users, note, quiet_log,
                                                                                   method):
    path = note["id"].replace("http://localhost", "")
    response = client.open(path, method=method, json=make_note() if method != "DELETE" else None,
                           headers={**users["writer"], "If-Match": '"v' + "9" * 5000 + '"'})
    assert_clean_error(response, 412)
    assert client.get(path).get_json()["gloss"]["version"] == note["gloss"]["version"]


def test_an_expected_version_beyond_32_bits_answers_422(client, users, note, quiet_log):
    note_id = note["id"].rsplit("/", 1)[1]
    response = client.post(f"/api/moderation/annotations/{note_id}/actions", headers=users["moderator"],
                           json={"action": "hide", "reason": "x", "expected_version": 2**31})
    error = assert_clean_error(response, 422)
    assert list(error["fields"]) == ["expected_version"]


# d. JSON nested too deep

def nested(depth: int) -> bytes:
    """An object `depth` containers deep: {"a": [[...[]...]]}."""
    return b'{"a": ' + b"[" * (depth - 1) + b"]" * (depth - 1) + b"}"


@pytest.mark.parametrize("depth", [65, 990, 5000, 200_000])
@pytest.mark.parametrize("method,path,who", [
    ("POST", "/api/anchor", None),
    ("POST", "/api/annotations", "writer"),
    ("POST", "/annotations/", "writer"),
    ("POST", "/api/users", None),
    ("POST", "/api/tokens", None),
])
def test_json_nested_past_the_depth_limit_answers_400_naming_it(app, client, users, quiet_log, depth, method, path,
                                                               who):
    before = table_counts(app)
    response = client.open(path, method=method, data=nested(depth), content_type="application/json",
                           headers=users[who] if who else {})
    error = assert_clean_error(response, 400, "too_deep")
    assert "64" in error["message"]
    assert table_counts(app) == before


def test_json_at_the_depth_limit_is_read(client, quiet_log):
    response = client.post("/api/anchor", data=nested(64), content_type="application/json")
    error = assert_clean_error(response, 422)  # read, then refused by the schema: no url, no text
    assert error["code"] != "too_deep"


def test_brackets_inside_strings_do_not_count_towards_the_depth(client, users, quiet_log):
    text = "[" * 500 + "{" * 500
    payload = make_note(body=[{"type": "TextualBody", "value": text, "format": "text/plain"}])
    response = client.post("/api/annotations", json=payload, headers=users["writer"])
    assert response.status_code == 201, response.get_json()


# e. a selector whose type is not a string

@pytest.mark.parametrize("kind", [[], ["TextQuoteSelector"], {}, {"a": 1}, 1, None, True])
@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "POST /annotations/"])
def test_a_selector_type_that_is_not_a_string_answers_422_and_changes_nothing(app, client, users, note, quiet_log,
                                                                             kind, method):
    payload = make_note()
    payload["target"]["selector"][0]["type"] = kind
    path = note["id"].replace("http://localhost", "")
    before = table_counts(app)
    if method == "POST":
        response = client.post("/api/annotations", json=payload, headers=users["writer"])
    elif method == "POST /annotations/":
        response = client.post("/annotations/", json=payload, headers=users["writer"])
    else:
        response = client.open(path, method=method, json={"target": payload["target"]} if method == "PATCH"
                               else payload, headers=users["writer"])
    error = assert_clean_error(response, 422)
    assert "target.selector.0.type" in error["fields"], error
    assert table_counts(app) == before
    assert client.get(path).get_json()["gloss"]["version"] == note["gloss"]["version"]
