import pytest

from edusphere.core.errors import AppError, ErrorCode
from edusphere.core.pagination import MAX_PAGE_SIZE, decode_cursor, encode_cursor, page_size

SECRET = "s" * 40


def test_a_cursor_round_trips() -> None:
    cursor = encode_cursor(SECRET, "users", ["2026-01-01T00:00:00+00:00", "abc"])
    assert decode_cursor(SECRET, "users", cursor) == ["2026-01-01T00:00:00+00:00", "abc"]


@pytest.mark.parametrize(
    "cursor",
    ["", "not-base64!!", "YWJj", encode_cursor("other-secret" * 4, "users", ["x"])],
)
def test_forged_cursors_are_refused(cursor: str) -> None:
    with pytest.raises(AppError) as caught:
        decode_cursor(SECRET, "users", cursor)
    assert caught.value.code is ErrorCode.BAD_USER_INPUT


def test_a_cursor_from_another_list_is_refused() -> None:
    cursor = encode_cursor(SECRET, "courses", ["x"])
    with pytest.raises(AppError, match="Invalid cursor"):
        decode_cursor(SECRET, "users", cursor)


@pytest.mark.parametrize("first", [0, -1, MAX_PAGE_SIZE + 1])
def test_page_size_outside_the_limits_is_refused(first: int) -> None:
    with pytest.raises(AppError) as caught:
        page_size(first)
    assert caught.value.code is ErrorCode.BAD_USER_INPUT


def test_page_size_defaults_and_accepts_the_maximum() -> None:
    assert page_size(None) == 20
    assert page_size(MAX_PAGE_SIZE) == MAX_PAGE_SIZE
