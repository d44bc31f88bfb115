"""Paid courses, buyers and admins for payments tests, through the real service functions."""

from __future__ import annotations

from edusphere.auth.models import Role
from edusphere.auth.sessions import AuthResult
from edusphere.core.runtime import Runtime
from edusphere.courses.models import Course
from tests.courses import factories as courses
from tests.helpers import make_user


async def paid_course(runtime: Runtime, price_cents: int = 4_900, currency: str = "USD") -> tuple[AuthResult, Course]:
    author = await courses.creator(runtime)
    course = await courses.course(author, price_cents=price_cents, currency=currency)
    return author, course


async def buyer(runtime: Runtime) -> AuthResult:
    return await make_user(runtime, Role.LEARNER, name="Buyer")


async def admin(runtime: Runtime) -> AuthResult:
    return await make_user(runtime, Role.ADMIN, name="Admin")
