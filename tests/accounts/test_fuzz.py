"""Registration and sign-in answer any JSON with a JSON 4xx or success, never a 500."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.annotations.test_fuzz import json_values

fields = st.dictionaries(st.sampled_from(["username", "email", "password", "name", "role", "x"]), json_values,
                         max_size=5)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=fields | json_values, path=st.sampled_from(["/api/users", "/api/tokens"]))
def test_any_json_to_accounts_never_causes_a_server_error(client, body, path):
    response = client.post(path, json=body)
    assert response.status_code in (201, 400, 401, 409, 415, 422), response.get_json()
