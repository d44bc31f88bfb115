"""Issue 11 #15: a string literal in a document reaches the resolver as graphql-core's `parse`
reads it, whatever escapes spell it (or is refused as BAD_USER_INPUT when it cannot be stored).

A property test over random text, each character spelt at random as itself, as `\\uXXXX`, as a
surrogate pair, as `\\u{...}` or as a short escape; and over random block strings. It runs the
real Tartiflette engine (on a schema of its own) behind the real gate."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from graphql import parse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tartiflette import Resolver, create_engine

from edusphere.core.errors import AppError, ErrorCode
from edusphere.core.graphql.engine import GraphQLEngine
from edusphere.core.graphql.gate import Gate, literal
from edusphere.core.graphql.limits import check_document
from edusphere.core.settings import GraphQLLimits
from edusphere.core.text import unstorable

SCHEMA_NAME = "escapes-test"
SDL = "type Query { echo(s: String!): String! }"
_SHORT = {'"': '\\"', "\\": "\\\\", "/": "\\/", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


@Resolver("Query.echo", schema_name=SCHEMA_NAME)
async def echo(parent: Any, args: dict[str, Any], ctx: Any, info: Any) -> str:
    text: str = args["s"]
    return text


@pytest.fixture(scope="module")
def run() -> Iterator[Any]:
    """Runs a document on the gated engine in a loop of the module's own (Hypothesis calls a
    plain function once per example)."""
    loop = asyncio.new_event_loop()
    engine = GraphQLEngine(loop.run_until_complete(create_engine(SDL, schema_name=SCHEMA_NAME)), Gate(SDL))

    def execute(document: str) -> dict[str, Any]:
        return loop.run_until_complete(
            engine.execute(document, variables=None, operation_name=None, context=None, time_limit=10)
        )

    yield execute
    loop.close()


def _may_be_raw(ch: str) -> bool:
    return ch not in '"\\\n\r' and (ch >= " " or ch == "\t")


@st.composite
def spelt(draw: st.DrawFn) -> tuple[str, str]:
    """A text (no lone surrogate: JSON could not carry it to us) and one way to spell it."""
    text = draw(st.text(st.characters(exclude_categories=["Cs"]), max_size=30))
    parts = []
    for ch in text:
        code = ord(ch)
        ways = ["u{}"]
        if _may_be_raw(ch):
            ways.append("raw")
        if ch in _SHORT:
            ways.append("short")
        ways.append("pair" if code > 0xFFFF else "u4")
        way = draw(st.sampled_from(ways))
        if way == "raw":
            parts.append(ch)
        elif way == "short":
            parts.append(_SHORT[ch])
        elif way == "u4":
            parts.append(f"\\u{code:04{draw(st.sampled_from('xX'))}}")
        elif way == "pair":
            high, low = 0xD800 + ((code - 0x10000) >> 10), 0xDC00 + ((code - 0x10000) & 0x3FF)
            parts.append(f"\\u{high:04X}\\u{low:04x}")
        else:
            parts.append(f"\\u{{{'0' * draw(st.integers(0, 2))}{code:X}}}")
    return text, '"' + "".join(parts) + '"'


def reference(document: str) -> str:
    value: str = parse(document).definitions[0].selection_set.selections[0].arguments[0].value.value  # type: ignore[attr-defined]
    return value


def assert_delivered_as_parsed(run: Any, document: str) -> None:
    """What the transports do: the limits first (they refuse what cannot be stored), then the
    gated engine."""
    expected = reference(document)
    if unstorable(expected) is not None:
        with pytest.raises(AppError) as refused:
            check_document(document, None, GraphQLLimits(), True)
        assert refused.value.code is ErrorCode.BAD_USER_INPUT
    else:
        check_document(document, None, GraphQLLimits(), True)
        assert run(document) == {"data": {"echo": expected}}, (document, expected)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spelt())
def test_every_spelling_of_a_string_reaches_the_resolver_as_parsed(run: Any, case: tuple[str, str]) -> None:
    text, spelling = case
    document = "{ echo(s: " + spelling + ") }"
    assert reference(document) == text
    assert_delivered_as_parsed(run, document)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(st.characters(exclude_categories=["Cs"], exclude_characters='"\\'), max_size=40), st.booleans())
def test_block_strings_reach_the_resolver_as_parsed(run: Any, body: str, escaped_quotes: bool) -> None:
    if escaped_quotes:
        body = body.replace("\r", "") + '\\"""'
    assert_delivered_as_parsed(run, '{ echo(s: """' + body + '""") }')


@pytest.mark.parametrize(
    ("spelling", "text"),
    [
        ('"caf\\u00e9"', "café"),
        ('"x\\u0141y"', "xŁy"),
        ('"x\\u4E2Dy"', "x中y"),
        ('"\\uD83D\\uDE00"', "😀"),
        ('"\\u{1F600}"', "😀"),
        ('"\\u0085\\u009f\\u007f"', "\x85\x9f\x7f"),
        ('"a\tb"', "a\tb"),
    ],
)
def test_known_spellings(run: Any, spelling: str, text: str) -> None:
    assert run("{ echo(s: " + spelling + ") }") == {"data": {"echo": text}}


def test_a_literal_is_written_with_the_fewest_escapes() -> None:
    assert literal('é😀"\\\n\t\x01\x7f\x85') == '"é😀\\"\\\\\\n\\t\\u0001\x7f\x85"'
    assert parse("{ a(s: " + literal("\x00\x1f é") + ") }")  # and graphql-core reads it back


def test_untouched_documents_keep_their_text(run: Any) -> None:
    from edusphere.core.graphql.gate import engine_source

    document = '{ echo(s: "plain é") }'
    assert engine_source(document) is document
    assert engine_source('{ echo(s: "\\u00e9") } # é') == '{ echo(s: "é") } # é'
