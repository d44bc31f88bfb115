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


# ----- keyset pages over any order ------------------------------------------------------------


async def _all_pages(keys: tuple, kind: str, size: int) -> list:
    from edusphere.auth.models import User
    from edusphere.core.pagination import keyset

    seen, after = [], None
    while True:
        page = await keyset(User.all(), SECRET, kind, size, after, keys)
        seen += page.items
        if not page.has_next_page:
            return seen
        after = page.cursors[-1]


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("size", [1, 2, 5])
async def test_keyset_pages_visit_every_row_once_in_order_despite_ties(
    runtime: object, descending: bool, size: int
) -> None:
    from edusphere.auth.models import User
    from edusphere.core.pagination import by_text
    from tests.helpers import make_user

    for name in ["Bea", "Al", "Bea", "Cy", "Al", "Bea", "Dee"]:  # ties: id breaks them
        await make_user(runtime, name=name)  # type: ignore[arg-type]
    seen = await _all_pages(by_text("display_name", descending=descending), f"names:{descending}", size)
    expected = sorted(await User.all(), key=lambda u: (u.display_name, str(u.id)), reverse=descending)
    assert [u.id for u in seen] == [u.id for u in expected]


async def test_keyset_pages_by_date_match_newest_first(runtime: object) -> None:
    from edusphere.auth.models import User
    from edusphere.core.pagination import newest, oldest
    from tests.helpers import make_user

    for _ in range(5):
        await make_user(runtime)  # type: ignore[arg-type]
    newest_ids = [u.id for u in await _all_pages(newest(), "new", 2)]
    oldest_ids = [u.id for u in await _all_pages(oldest(), "old", 2)]
    assert newest_ids == oldest_ids[::-1]
    assert len(set(newest_ids)) == await User.all().count()


async def test_a_keyset_cursor_of_another_shape_is_refused(runtime: object) -> None:
    from edusphere.auth.models import User
    from edusphere.core.pagination import by_number, keyset, newest

    with pytest.raises(AppError, match="Invalid cursor"):
        await keyset(User.all(), SECRET, "x", 5, encode_cursor(SECRET, "x", ["only one value"]), newest())
    with pytest.raises(AppError, match="Invalid cursor"):
        await keyset(User.all(), SECRET, "x", 5, encode_cursor(SECRET, "x", ["not a number", "nope"]), by_number("n"))
