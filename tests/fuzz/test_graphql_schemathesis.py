"""Schemathesis over `/graphql` of the real test server (issue 11, "Never again").

Schemathesis loads the schema by introspection (so introspection must work: #16), generates
valid and invalid documents and variables for every operation, with non-ASCII text (U+0000
included: it must be refused, not stored), and sends them over real HTTP. A check of our own
(`no_internal_error`) fails on an HTTP 500, on an answer that is not our error shape, and on
`extensions.code == INTERNAL`: Schemathesis's own `not_a_server_error` counts NOT_FOUND and
UNAUTHENTICATED as server errors and does not see INTERNAL at all.

Two passes: anonymous, and as a creator with data to reach (a published course, its modules
and lessons, its rooms, a message), whose ids and slugs Schemathesis draws from dictionaries.
Bounded: FUZZ_EXAMPLES examples per operation and mode (default 5), so CI runs it in well under
a minute; raise it locally to hunt (`FUZZ_EXAMPLES=50 pytest tests/fuzz`). Schemathesis is
synchronous: it runs in a thread while the server keeps serving in the test loop.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sanic import Sanic
from schemathesis import Case, CheckContext, GenerationMode, Response
from schemathesis.core.failures import FailureGroup

from edusphere.chat import rooms
from edusphere.core.runtime import Runtime
from tests.chat.factories import classroom
from tests.courses.factories import lessons_of, modules_of

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
OUR_CODES = frozenset({"UNAUTHENTICATED", "FORBIDDEN", "BAD_USER_INPUT", "NOT_FOUND", "CONFLICT", "RATE_LIMITED"})
ID_ARGUMENTS = ("id", "courseId", "moduleId", "lessonId", "roomId", "messageId", "userId", "enrollmentId", "creatorId")


@schemathesis.check
def no_internal_error(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """Every answer is a client error of ours or data: never a 500, never INTERNAL."""
    assert response.status_code < 500, f"HTTP {response.status_code}: {response.text[:500]}"
    body = json.loads(response.content)
    assert isinstance(body, dict), body
    codes = [(error.get("extensions") or {}).get("code") for error in body.get("errors") or ()]
    assert all(code in OUR_CODES for code in codes), f"codes {codes}: {body['errors']}"
    return None


@dataclass
class Findings:
    requests: int = 0
    failures: list[str] = field(default_factory=list)
    # Answers by their first error's code ("data" when none): shows how far requests got.
    outcomes: Counter[str] = field(default_factory=Counter)


def fuzz(base_url: str, token: str | None, values: dict[str, list[str]]) -> Findings:
    """One pass over every operation, in both modes; what failed, as readable lines."""
    config = schemathesis.Config.from_dict(_config(values))
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    schema = schemathesis.graphql.from_url(f"{base_url}/graphql", config=config, headers=headers, timeout=30)
    assert schema.config.generation.codec == "utf-8"  # all of Unicode, not ASCII only
    findings = Findings()
    print(f"fuzzing {base_url} as {'a creator' if token else 'anonymous'}")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 30, "introspection should describe every operation"
    for operation in operations:
        for mode in MODES:
            _run(operation.as_strategy(generation_mode=mode, headers=headers), base_url, headers, findings)
    print(f"{findings.requests} requests over {len(operations)} operations, {len(findings.failures)} failed")
    print(f"outcomes: {dict(findings.outcomes.most_common())}")
    return findings


def _run(strategy: st.SearchStrategy[Case], base_url: str, headers: dict[str, str], findings: Findings) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        phases=[Phase.generate],  # no shrinking: every failing case is kept and reported
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def one(case: Case) -> None:
        response = case.call(base_url=base_url, headers=headers, timeout=30)
        findings.requests += 1
        findings.outcomes[_outcome(response)] += 1
        try:
            case.validate_response(response, checks=[no_internal_error])
        except (AssertionError, FailureGroup) as failure:
            query = json.dumps(case.body, ensure_ascii=False)[:400]
            findings.failures.append(f"{case.operation.label}: {str(failure)[:600]}\n    {query}")

    one()


def _outcome(response: Response) -> str:
    try:
        errors = json.loads(response.content).get("errors") or ()
    except (ValueError, AttributeError):
        return f"HTTP {response.status_code}"
    return str((errors[0].get("extensions") or {}).get("code")) if errors else "data"


def _config(values: dict[str, list[str]]) -> dict[str, Any]:
    """Non-ASCII text with U+0000, both modes; ids and slugs drawn from real rows."""
    dictionaries = {name: {"values": entries} for name, entries in values.items() if entries}
    parameters: dict[str, Any] = {}
    if "ids" in dictionaries:
        parameters |= {f"*.*.{name}": {"dictionary": "ids", "probability": 0.7} for name in ID_ARGUMENTS}
    if "slugs" in dictionaries:
        parameters |= {"*.*.slug": {"dictionary": "slugs", "probability": 0.7}}
    return {
        "generation": {"codec": "utf-8", "allow-x00": True, "mode": "all"},
        "dictionaries": dictionaries,
        "parameters": parameters,
    }


async def _alive(base_url: str) -> None:
    async with httpx.AsyncClient(base_url=base_url, timeout=5) as client:
        assert (await client.get("/healthz")).status_code == 200
        response = await client.post("/graphql", json={"query": "{ __typename }"})
        assert response.json() == {"data": {"__typename": "Query"}}


def _report(findings: Findings) -> str:
    return f"{len(findings.failures)} of {findings.requests} requests failed:\n" + "\n".join(findings.failures[:40])


async def test_anonymous_fuzzing_finds_no_internal_error(app: Sanic) -> None:
    findings = await asyncio.to_thread(fuzz, app.ctx.base_url, None, {})
    assert findings.requests > 0
    assert not findings.failures, _report(findings)
    await _alive(app.ctx.base_url)


async def test_fuzzing_as_a_creator_with_data_finds_no_internal_error(app: Sanic, runtime: Runtime) -> None:
    room = await classroom(runtime)
    extra = await rooms.create_room(room.creator.viewer, str(room.course.id), "Questions", announcements=False)
    async with httpx.AsyncClient(base_url=app.ctx.base_url, timeout=30) as client:
        sent = await client.post(
            "/graphql",
            json={
                "query": 'mutation($r: ID!) { sendMessage(roomId: $r, body: "héllo ✓", clientId: "f1") { id } }',
                "variables": {"r": room.room_id},
            },
            headers={"Authorization": f"Bearer {room.creator.access_token}"},
        )
    message_id = sent.json()["data"]["sendMessage"]["id"]
    ids = [str(room.course.id), room.room_id, str(extra.id), message_id, str(room.creator.user.id)]
    ids += [str(module.id) for module in await modules_of(room.course)]
    ids += [str(lesson.id) for lesson in await lessons_of(room.course)]
    values = {"ids": ids, "slugs": [room.course.slug, "programming"]}
    findings = await asyncio.to_thread(fuzz, app.ctx.base_url, room.creator.access_token, values)
    assert findings.requests > 0
    assert not findings.failures, _report(findings)
    # Its requests got past authentication to the resolvers and the data.
    assert findings.outcomes["UNAUTHENTICATED"] < findings.requests / 10, findings.outcomes
    assert findings.outcomes["data"] + findings.outcomes["NOT_FOUND"] > findings.requests / 10, findings.outcomes
    await _alive(app.ctx.base_url)
