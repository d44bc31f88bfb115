"""Unsubscribe tokens: what one says, and that nothing but EduSphere's own, unaltered, is read."""

from __future__ import annotations

import base64
import hashlib
import hmac
import string
import uuid

import pytest

from edusphere.media import signing
from edusphere.notifications import tokens

SECRET = "s" * 48
USER = uuid.uuid4()
COURSES = [uuid.uuid4(), uuid.uuid4(), uuid.uuid4()]


def test_a_token_names_its_user_and_courses() -> None:
    token = tokens.make(SECRET, USER, [*COURSES, COURSES[0]])
    found = tokens.read(SECRET, token)
    assert found is not None
    assert found.user_id == USER
    assert set(found.course_ids) == set(COURSES)
    assert len(found.course_ids) == 3
    assert set(token) <= set(string.ascii_letters + string.digits + "-_")  # as is in a URL
    assert len(tokens.make(SECRET, USER, COURSES[:1])) == 66  # a short List-Unsubscribe URL


def test_changing_any_character_is_refused() -> None:
    token = tokens.make(SECRET, USER, COURSES[:2])
    alphabet = string.ascii_letters + string.digits + "-_"
    for position, char in enumerate(token):
        for replacement in {alphabet[(alphabet.index(char) + step) % len(alphabet)] for step in (1, 2, 17)}:
            altered = token[:position] + replacement + token[position + 1 :]
            assert tokens.read(SECRET, altered) is None, (position, replacement)


@pytest.mark.parametrize(
    "token",
    ["", "x", "=" * 70, "é" * 66, "A" * 5_000, "not a token at all", "../../etc/passwd", "\x00" * 66, "%00" * 30],
)
def test_junk_is_refused(token: str) -> None:
    assert tokens.read(SECRET, token) is None


def test_truncated_padded_or_signed_with_another_key_is_refused() -> None:
    token = tokens.make(SECRET, USER, COURSES[:1])
    assert tokens.read(SECRET, token[:-1]) is None
    assert tokens.read(SECRET, token[:-22]) is None  # the tag cut off
    assert tokens.read(SECRET, token + "==") is None  # not the canonical spelling
    assert tokens.read("another secret" * 4, token) is None
    assert tokens.read(SECRET, None) is None


def test_a_token_for_more_courses_cannot_be_made_from_one_for_fewer() -> None:
    raw = base64.urlsafe_b64decode(tokens.make(SECRET, USER, COURSES[:1]) + "==")
    body, tag = raw[:-16], raw[-16:]
    extended = body + COURSES[1].bytes + tag
    assert tokens.read(SECRET, base64.urlsafe_b64encode(extended).rstrip(b"=").decode()) is None


def test_another_purpose_s_signature_over_the_same_ids_is_no_token() -> None:
    """An HMAC with the same key over the same bytes for another purpose (or none) is refused."""
    body = bytes([tokens.VERSION]) + USER.bytes + COURSES[0].bytes
    for message in (body, b"media:" + body, b"edusphere/other/v1\x00" + body):
        tag = hmac.new(SECRET.encode(), message, hashlib.sha256).digest()[:16]
        assert tokens.read(SECRET, base64.urlsafe_b64encode(body + tag).rstrip(b"=").decode()) is None
    media_sig = signing.sign(SECRET, COURSES[0], USER, 2_000_000_000)
    assert tokens.read(SECRET, media_sig) is None


def test_a_token_names_one_to_max_courses() -> None:
    with pytest.raises(ValueError, match="names 1 to"):
        tokens.make(SECRET, USER, [])
    with pytest.raises(ValueError, match="names 1 to"):
        tokens.make(SECRET, USER, [uuid.uuid4() for _ in range(tokens.MAX_COURSES + 1)])
    many = tokens.make(SECRET, USER, [uuid.uuid4() for _ in range(tokens.MAX_COURSES)])
    found = tokens.read(SECRET, many)
    assert found is not None
    assert len(found.course_ids) == tokens.MAX_COURSES
