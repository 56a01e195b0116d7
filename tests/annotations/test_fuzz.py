"""Whatever JSON a client sends, the API answers with a JSON 4xx or success, never a 500."""
from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_note

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-2**40, max_value=2**40) | st.floats(allow_nan=False)
    | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=8)

PATHS = [(), ("motivation",), ("body",), ("body", 0), ("body", 0, "value"), ("body", 1), ("target",),
         ("target", "source"), ("target", "selector"), ("target", "selector", 0),
         ("target", "selector", 0, "exact"), ("target", "selector", 1, "start"), ("gloss",), ("bodyValue",),
         ("@context",), ("type",), ("gloss", "tags")]


def replace(document, path, value):
    if not path:
        return value
    document = copy.deepcopy(document)
    cursor = document
    for key in path[:-1]:
        cursor = cursor.setdefault(key, {}) if isinstance(cursor, dict) else cursor[key]
    if isinstance(cursor, list) and path[-1] >= len(cursor):
        cursor.append(value)
    else:
        cursor[path[-1]] = value
    return document


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(PATHS), value=json_values, method=st.sampled_from(["post", "put", "patch"]))
def test_mangled_annotations_never_cause_a_server_error(client, writer, created, path, value, method):
    payload = replace(make_note(), path, value)
    if method == "post":
        response = client.post("/api/annotations", json=payload, headers=writer)
    else:
        target = created["id"].replace("http://localhost", "")
        response = getattr(client, method)(target, json=payload, headers=writer)
    assert response.status_code < 500, (payload, response.get_json())
    if response.status_code >= 400:
        assert set(response.get_json()["error"]) >= {"code", "message"}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.dictionaries(st.sampled_from(["url", "limit", "cursor"]), st.text(max_size=40), max_size=3))
def test_any_listing_query_never_causes_a_server_error(client, params):
    response = client.get("/api/annotations", query_string=params)
    assert response.status_code in (200, 400, 422), response.get_json()


SEARCH_PARAMS = ["text", "domain", "user", "tag", "status", "motivation", "created_after", "created_before",
                 "updated_after", "sort", "limit", "cursor"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.dictionaries(st.sampled_from(SEARCH_PARAMS),
                              st.text(max_size=40) | st.text('"*:()-^ ab', max_size=20), max_size=4))
def test_any_search_query_never_causes_a_server_error(client, params):
    response = client.get("/api/annotations", query_string=params)
    assert response.status_code in (200, 400, 422), response.get_json()
