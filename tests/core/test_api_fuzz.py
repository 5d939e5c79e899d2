"""The whole API under a fuzzer (issue "Hardening": the fuzzer in CI). Schemathesis builds requests
from the OpenAPI schema — valid ones and ones that break it — for every operation, as an officer
and as a leader, and checks each answer: never a 5xx, a status the operation declares (so every
operation declares its error responses), the declared content type, and a body that matches the
declared schema.

Bounded and reproducible: a fixed number of examples per operation, no deadline, derandomised (the
same requests on every run). ``CONGVU_FUZZ_EXAMPLES`` raises the count for a longer local run.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from congvu.accounts.models import ApiToken, hash_token
from congvu.api import api

EXAMPLES = int(os.environ.get("CONGVU_FUZZ_EXAMPLES", "6"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@dataclass
class Tally:
    operations: int = 0
    requests: int = 0
    failures: list[str] = field(default_factory=list)


def _schema():
    schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))
    schema.app = get_wsgi_application()
    return schema


def _token(user) -> str:
    raw = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name="Kiểm thử", prefix=raw[:8], key_hash=hash_token(raw))
    return raw


def _summary(failure: BaseException) -> str:
    """The failure's kind and what was received, in one line: '- ST103 Undocumented status code
    | Received: 404 | Documented: 200, 400, 401'."""
    lines = [line.strip() for line in str(failure).splitlines() if line.strip()]
    kept = [line for line in lines if line.startswith(("- ", "Received", "Documented", "curl"))]
    return " | ".join(kept or lines[:1] or [repr(failure)])


def _fuzz(operation, headers: dict[str, str], tally: Tally) -> None:
    strategy = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )

    @hypothesis.settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(hypothesis.HealthCheck),
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
    )
    @hypothesis.given(case=strategy)
    def run(case) -> None:
        tally.requests += 1
        savepoint = transaction.savepoint()  # each request on its own, as in production
        try:
            case.call_and_validate(headers=headers, checks=CHECKS)
        except (Exception, BaseExceptionGroup) as failure:  # every failure is kept, with what it was
            tally.failures.append(f"{operation.label}: {_summary(failure)}")
        finally:
            transaction.savepoint_rollback(savepoint)

    run()


@pytest.fixture
def connection_kept():
    """The application is called as a WSGI server would call it, but the test's database connection
    (and its transaction) must outlive each request, as Django's own test client arranges."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("who", ["chuyen_vien", "giam_doc"])
@pytest.mark.usefixtures("connection_kept")
def test_the_api_answers_every_generated_request_within_its_schema(province, who):
    tally = Tally()
    headers = {"Authorization": f"Bearer {_token(getattr(province, who))}"}
    for result in _schema().get_all_operations():
        operation = result.ok()
        tally.operations += 1
        _fuzz(operation, headers, tally)
    print(
        f"\nfuzz as {who}: {tally.operations} operations, {tally.requests} requests, {len(tally.failures)} failures"
    )
    assert tally.operations > 50 and tally.requests >= tally.operations * 2
    if tally.failures:
        print("first:", *tally.failures[:3], sep="\n")
    failures = sorted({failure.split(" | curl")[0] for failure in tally.failures})
    assert failures == [], "\n".join(tally.failures)
