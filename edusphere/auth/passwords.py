"""argon2id hashing, run off the event loop (one hash costs tens of milliseconds of CPU)."""

from __future__ import annotations

import asyncio
from functools import cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from edusphere.core.errors import bad_input
from edusphere.core.settings import PasswordHashing
from edusphere.core.text import has_lone_surrogate

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


def hashable(password: str) -> bool:
    """Whether Argon2 can take it: it hashes the UTF-8 bytes, and a lone surrogate has none.
    Anything else goes (U+0000 included: the password itself is never stored, only its hash)."""
    return not has_lone_surrogate(password)


def verifiable(password: str) -> bool:
    """Whether some account could have this password (`check_password_policy` refuses the rest):
    only then is it worth an Argon2 verify (which also hashes all of it, however long)."""
    return len(password) <= MAX_LENGTH and hashable(password)


def check_password_policy(password: str, email: str) -> None:
    if not hashable(password):
        raise bad_input("The password contains a lone UTF-16 surrogate", field="password")
    if len(password) < MIN_LENGTH:
        raise bad_input(f"The password must be at least {MIN_LENGTH} characters long", field="password")
    if len(password) > MAX_LENGTH:
        raise bad_input(f"The password must be at most {MAX_LENGTH} characters long", field="password")
    if password.strip().lower() == email.strip().lower():
        raise bad_input("The password must not be your email address", field="password")


async def hash_password(params: PasswordHashing, password: str) -> str:
    return await asyncio.to_thread(_hasher(params).hash, password)


async def verify_password(params: PasswordHashing, password_hash: str, password: str) -> bool:
    if not verifiable(password):
        return False  # no stored password can be it: check_password_policy refuses it

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


async def verify_dummy(params: PasswordHashing, password: str) -> None:
    """Spend what checking a password costs, with no account to check it against (an unknown
    email, or a password no account can have), so every failed login takes as long."""
    await verify_password(params, dummy_hash(params), password if verifiable(password) else "")
