"""The gate (graphql-core in front of Tartiflette), without a server: what it refuses, and the
root arguments the socket's stream handlers receive, coerced to the schema's types."""

from __future__ import annotations

from typing import Any

import pytest

from edusphere.core.errors import AppError, ErrorCode
from edusphere.core.graphql.engine import ENGINE_SCALARS, sdl_files
from edusphere.core.graphql.gate import Gate
from edusphere.core.graphql.limits import check_document
from edusphere.core.settings import GraphQLLimits
from edusphere.domains import DOMAINS

GATE = Gate.from_files(sdl_files(DOMAINS), ENGINE_SCALARS)
ROOM_EVENTS = "subscription($r: ID!, $s: Int, $e: String) { roomEvents(roomId: $r, since: $s, epoch: $e) { seq } }"


def refused(call: Any, *args: Any) -> str:
    with pytest.raises(AppError) as caught:
        call(*args)
    assert caught.value.code is ErrorCode.BAD_USER_INPUT
    return caught.value.message


def test_root_arguments_are_coerced_to_the_schema_types() -> None:
    arguments = GATE.root_arguments(ROOM_EVENTS, None, {"r": 42, "s": 7, "e": "x"})
    assert arguments == {"roomId": "42", "since": 7, "epoch": "x"}
    literal = 'subscription { roomEvents(roomId: "r", since: 5) { seq } }'
    assert GATE.root_arguments(literal, None, None) == {"roomId": "r", "since": 5}
    assert GATE.root_arguments(ROOM_EVENTS, None, {"r": "r", "s": None}) == {"roomId": "r", "since": None}


@pytest.mark.parametrize("since", ["5", 5.5, [5], {"a": 1}, True, 2**31])
def test_a_wrongly_typed_root_argument_is_bad_input(since: object) -> None:
    assert "$s" in refused(GATE.root_arguments, ROOM_EVENTS, None, {"r": "r", "s": since})


def test_a_missing_required_variable_is_bad_input() -> None:
    assert "$r" in refused(GATE.root_arguments, ROOM_EVENTS, None, {})


def test_root_arguments_of_a_query_are_found_through_fragments() -> None:
    source = 'query { ... on Query { course(slug: "x") { id } } }'
    assert GATE.root_arguments(source, None, None) == {"slug": "x"}


def test_validation_is_the_reference_implementation_s() -> None:
    assert "Cannot query field" in refused(GATE.check, "{ nope }")
    assert "String" in refused(GATE.check, '{ courses(filter: {categorySlugs: [["x"]]}) { totalCount } }')
    assert "introspection depth" in refused(
        GATE.check, "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }"
    )


def test_variables_are_coerced_by_the_reference_implementation() -> None:
    checked = GATE.check("query($f: CourseFilter) { courses(filter: $f) { totalCount } }")
    assert GATE.variables(checked, None, {"f": {"priceMin": 5}}) == {"f": {"priceMin": 5}}
    assert "priceMin" in refused(GATE.variables, checked, None, {"f": {"priceMin": "5"}})


def test_the_engine_scalars_are_declared_only_when_used() -> None:
    assert "DateTime" in GATE.schema.type_map
    assert "Date" not in GATE.schema.type_map
    assert "Time" not in GATE.schema.type_map


def test_a_lone_surrogate_in_the_query_text_is_bad_input_not_an_encode_error() -> None:
    assert "surrogate" in refused(check_document, "{ __typename } # \ud800", None, GraphQLLimits(), True)


# --- issue 11 review: validation is bounded, and its refusals are cached ---


def counting_validate(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record each document graphql-core validates for the gate."""
    from edusphere.core.graphql import gate

    calls: list[str] = []
    validate = gate.validate

    def counted(schema: Any, document: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(str(document.definitions[0].selection_set.selections[0].name.value))
        return validate(schema, document, *args, **kwargs)

    monkeypatch.setattr(gate, "validate", counted)
    return calls


def test_a_refused_document_is_validated_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = counting_validate(monkeypatch)
    source = "{ nope2 } # validated once"
    messages = {refused(GATE.check, source) for _ in range(3)}
    assert messages == {"Cannot query field 'nope2' on type 'Query'."}
    assert calls == ["nope2"]


def test_field_merging_work_has_a_budget_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    # Past `limits` (at most 50 fields per place), 19 names x 50 repeats is still 46,550 units of
    # the merging rule's work: the gate's budget (20,000) stops it, and remembers the verdict.
    calls = counting_validate(monkeypatch)
    leaves = ["slug", "title", "subtitle", "description", "status", "priceCents", "currency", "isFree", "level",
              "language", "coverImage", "ratingAvg", "ratingCount", "enrollmentCount", "publishedAt", "createdAt",
              "lessonCount", "id", "__typename"]  # fmt: skip
    source = "{ courses { edges { node { " + " ".join(name for name in leaves for _ in range(50)) + " } } } }"
    assert check_document(source, None, GraphQLLimits(), True).nodes == 953
    for _ in range(2):
        assert "too complex to validate" in refused(GATE.check, source)
    assert calls == ["courses"]
