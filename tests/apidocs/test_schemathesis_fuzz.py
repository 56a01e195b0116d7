"""Fuzzing the whole API from its own reference (issue 13, "Keep it tested"): schemathesis reads
`/api/openapi.json` from the real app and, for every operation, sends requests generated from the
documented parameters and bodies, both ones that fit the document (positive) and ones that break it
(negative), each anonymously, with a contributor's token, with an app key and with a moderator's token,
on the suite's database (SQLite, or PostgreSQL under TEST_DATABASE_URL).

Every answer must be no server error (5xx), a status the operation documents, in a documented content
type, with a body and headers that match the documented schema. A failure names the operation and
the request that broke it (schemathesis prints a curl line to replay it).

The cases are bounded so the run fits the suite (~30 s on 2 cores) and derandomized so CI runs the
same ones every time; GLOSS_FUZZ_EXAMPLES scales the count and GLOSS_FUZZ_RANDOM=1 draws new ones.
"""
from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import make_note

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]
SCALE = float(os.environ.get("GLOSS_FUZZ_EXAMPLES", "1"))
# Cases per operation and mode. Inputs that break the document (negative) find most bugs in bodies and
# query strings, so those get the most; an operation taking only path parameters (any string is a valid
# one) or nothing has nothing to break.
POSITIVE, NEGATIVE = round(10 * SCALE), round(30 * SCALE)
RANDOM = os.environ.get("GLOSS_FUZZ_RANDOM") == "1"


@pytest.fixture()
def api_schema(app):
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app)


def fuzz(operation, mode, callers, examples):
    """Run `examples` generated cases of `operation` as each caller; raise on the first failure."""

    @settings(max_examples=examples, deadline=None, database=None, derandomize=not RANDOM,
              phases=[Phase.explicit, Phase.generate, Phase.shrink], suppress_health_check=list(HealthCheck),
              report_multiple_bugs=False)
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        for headers in callers:
            case.call_and_validate(headers=headers, checks=CHECKS)

    run()


def test_every_operation_answers_as_documented_to_generated_requests(client, accounts, api_schema):
    token = accounts.headers("fuzzer")
    assert client.post("/api/annotations", json=make_note(), headers=token).status_code == 201  # a note to list
    key = client.post("/api/keys", json={"name": "fuzzing"}, headers=token).get_json()["key"]
    moderator = accounts.headers("fuzzmod", role="moderator")  # the moderation API past its 403
    callers = ({}, token, {"Authorization": f"Bearer {key}"}, moderator)
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 30  # the whole reference, not an empty or partial document
    failures = []
    for operation in operations:
        takes_input = len(operation.query) + len(operation.body) > 0
        modes = {GenerationMode.POSITIVE: POSITIVE, GenerationMode.NEGATIVE: NEGATIVE if takes_input else 0}
        for mode, examples in modes.items():
            if not examples:
                continue
            try:
                fuzz(operation, mode, callers, examples)
            except Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE, operation.label  # nothing to break after all
            except (Exception, BaseExceptionGroup) as err:  # schemathesis raises a group of failed checks
                failures.append(f"{operation.label} [{mode.value}]: {type(err).__name__}: {err}")
    assert not failures, f"{len(failures)} failing:\n\n" + "\n\n".join(failures)
