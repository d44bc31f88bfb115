"""Error mapping in the Tartiflette gateway: one shape, and no internals for bugs."""

import asyncio
import logging
import time

import pytest
from tartiflette import TartifletteError
from tartiflette.types.exceptions.tartiflette import CoercionError

from edusphere.core.errors import AppError, ErrorCode
from edusphere.core.graphql.engine import GraphQLEngine, _coerce_error, _snake
from edusphere.core.graphql.gate import Gate


async def test_app_errors_keep_code_and_details() -> None:
    wrapped = TartifletteError("x", original_error=AppError(ErrorCode.NOT_FOUND, "Course not found"))
    shaped = await _coerce_error(wrapped, {"message": "x", "path": ["course"], "locations": [{"line": 1, "column": 3}]})
    assert shaped == {
        "message": "Course not found",
        "extensions": {"code": "NOT_FOUND"},
        "path": ["course"],
        "locations": [{"line": 1, "column": 3}],
    }


@pytest.mark.expects_errors
async def test_resolver_bugs_are_internal_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    wrapped = TartifletteError("boom", original_error=KeyError("password_hash"))
    with caplog.at_level(logging.ERROR):
        shaped = await _coerce_error(wrapped, {"message": "'password_hash'", "path": ["me"]})
    assert shaped["extensions"] == {"code": "INTERNAL"}
    assert "password_hash" not in shaped["message"]
    assert "unhandled error" in caplog.text


async def test_tartiflette_input_errors_are_bad_input() -> None:
    coercion = CoercionError("Variable < $x > got invalid value", original_error=TypeError("not a string"))
    assert (await _coerce_error(coercion, {"message": "Variable < $x > got invalid value"}))["extensions"] == {
        "code": "BAD_USER_INPUT"
    }
    validation = TartifletteError("Field x not found")
    assert (await _coerce_error(validation, {"message": "Field x not found"}))["message"] == "Field x not found"


def test_camel_case_fields_read_snake_case_attributes() -> None:
    assert _snake("displayName") == "display_name"
    assert _snake("isActive") == "is_active"
    assert _snake("id") == "id"


class _SlowEngine:
    async def execute(self, *args: object, **kwargs: object) -> dict:
        await asyncio.sleep(10)
        return {"data": {}}


async def test_execution_stops_at_the_time_limit() -> None:
    started = time.monotonic()
    result = await GraphQLEngine(_SlowEngine(), Gate("type Query { slow: Int }")).execute(
        "{ slow }", variables=None, operation_name=None, context=None, time_limit=0.05
    )
    assert time.monotonic() - started < 1
    assert result["data"] is None
    assert result["errors"][0]["extensions"]["code"] == "INTERNAL"
    assert "did not finish" in result["errors"][0]["message"]
