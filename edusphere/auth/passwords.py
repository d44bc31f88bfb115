"""argon2id hashing, run off the event loop (one hash costs tens of milliseconds of CPU)."""

from __future__ import annotations

import asyncio
from functools import cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from edusphere.core.errors import bad_input
from edusphere.core.settings import PasswordHashing

MIN_LENGTH = 10
MAX_LENGTH = 256  # beyond this a "password" is a denial-of-service attempt on the hasher


@cache
def _hasher(params: PasswordHashing) -> PasswordHasher:
    return PasswordHasher(
        time_cost=params.time_cost,
        memory_cost=params.memory_cost_kib,
        parallelism=params.parallelism,
        type=Type.ID,
    )


def check_password_policy(password: str, email: str) -> None:
    if len(password) < MIN_LENGTH:
        raise bad_input(f"The password must be at least {MIN_LENGTH} characters long", field="password")
    if len(password) > MAX_LENGTH:
        raise bad_input(f"The password must be at most {MAX_LENGTH} characters long", field="password")
    if password.strip().lower() == email.strip().lower():
        raise bad_input("The password must not be your email address", field="password")


async def hash_password(params: PasswordHashing, password: str) -> str:
    return await asyncio.to_thread(_hasher(params).hash, password)


async def verify_password(params: PasswordHashing, password_hash: str, password: str) -> bool:
    def verify() -> bool:
        try:
            return _hasher(params).verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    return await asyncio.to_thread(verify)


def needs_rehash(params: PasswordHashing, password_hash: str) -> bool:
    return _hasher(params).check_needs_rehash(password_hash)


@cache
def dummy_hash(params: PasswordHashing) -> str:
    """Verified against when the email is unknown, so both failures take the same time."""
    return _hasher(params).hash("edusphere-no-such-user")
