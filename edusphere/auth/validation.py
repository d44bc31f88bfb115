"""Checks on what people type into account forms; pure functions, no I/O."""

from __future__ import annotations

import re
import unicodedata

from edusphere.core.errors import bad_input

EMAIL_MAX_LENGTH = 254
DISPLAY_NAME_MAX_LENGTH = 80
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalize_email(email: str) -> str:
    return email.strip().lower()


def check_email(email: str) -> str:
    normalized = normalize_email(email)
    if len(normalized) > EMAIL_MAX_LENGTH or not _EMAIL.match(normalized):
        raise bad_input("Enter a valid email address", field="email")
    return normalized


def check_display_name(display_name: str) -> str:
    name = " ".join(display_name.split())
    if not name:
        raise bad_input("The display name must not be empty", field="displayName")
    if len(name) > DISPLAY_NAME_MAX_LENGTH:
        raise bad_input(f"The display name must be at most {DISPLAY_NAME_MAX_LENGTH} characters", field="displayName")
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise bad_input("The display name contains control characters", field="displayName")
    return name
