"""Checks on what people type into account forms; pure functions, no I/O."""

from __future__ import annotations

import re
import unicodedata

from edusphere.core.errors import bad_input
from edusphere.core.text import check_plain_text, check_storable

EMAIL_MAX_LENGTH = 254
DISPLAY_NAME_MAX_LENGTH = 80
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def normalize_email(email: str) -> str:
    """Trimmed and lower-cased, as stored and looked up."""
    return check_storable(email, "email").strip().lower()


def check_email(email: str) -> str:
    normalized = check_plain_text(normalize_email(email), "email")
    if len(normalized) > EMAIL_MAX_LENGTH or not _EMAIL.fullmatch(normalized):
        raise bad_input("Enter a valid email address", field="email")
    return normalized


# Line breaks of any kind: CR and LF (and CRLF), and Unicode's line and paragraph separators.
_LINE_BREAKS = ("\r", "\n", "\u2028", "\u2029")


def check_display_name(display_name: str) -> str:
    """Whitespace collapsed; no control, format, private-use or unassigned characters (a name
    is shown beside everything its owner writes, so a bidirectional override could disguise it).
    A line break is refused, not collapsed: a name is one line, and goes into the To header of
    every mail we send (a "Ada\\r\\nBcc: ..." name is a header injection attempt; the mail layer
    refuses one too, but the form should say so first)."""
    if any(brk in display_name for brk in _LINE_BREAKS):
        raise bad_input("The display name must be on one line", field="displayName", reason="LINE_BREAK")
    name = " ".join(check_plain_text(display_name, "displayName").split())
    if not name:
        raise bad_input("The display name must not be empty", field="displayName")
    if len(name) > DISPLAY_NAME_MAX_LENGTH:
        raise bad_input(f"The display name must be at most {DISPLAY_NAME_MAX_LENGTH} characters", field="displayName")
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise bad_input("The display name contains control characters", field="displayName")
    return name
