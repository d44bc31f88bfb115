"""`edusphere seed --scale`: load-test data made in bulk, consistent with itself, made once."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest
from tortoise import connections

from edusphere.auth.models import Role, User
from edusphere.core.embedded import ensure_database
from edusphere.core.errors import AppError, ErrorCode
from edusphere.core.runtime import Runtime
from edusphere.courses.models import Course, CourseStatus, Enrollment, Review
from edusphere.courses.scale import ADMIN_EMAIL, EMAIL_DOMAIN, SCALE_PASSWORD, check_plan, seed_scale
from edusphere.payments import ledger
from edusphere.payments.models import Order, OrderStatus
from tests.helpers import LOGIN, GraphQLClient
from tests.processes import command_env, run_edusphere

USERS, COURSES = 500, 50


async def test_the_scale_seed_is_consistent_and_made_once(runtime: Runtime, gql: GraphQLClient) -> None:
    params = runtime.settings.password_hashing
    report = await seed_scale(params, USERS, COURSES)
    assert report.created
    assert (report.users, report.courses) == (USERS, COURSES)
    assert await User.all().count() == USERS
    plan = check_plan(USERS, COURSES)
    assert await User.filter(role=Role.ADMIN).count() == plan.admins == 1
    assert await User.filter(role=Role.CREATOR).count() == plan.creators == 13
    assert 0 < await User.filter(is_active=False).count() < USERS // 20
    assert await User.filter(email__endswith=EMAIL_DOMAIN).count() == USERS
    statuses = {s: await Course.filter(status=s).count() for s in CourseStatus}
    assert statuses == {CourseStatus.PUBLISHED: 43, CourseStatus.DRAFT: 5, CourseStatus.ARCHIVED: 2}
    assert report.enrollments == await Enrollment.all().count() > USERS
    assert report.reviews == await Review.all().count() > 0
    assert report.orders == await Order.all().count() > 0
    assert not await Enrollment.filter(course__status=CourseStatus.DRAFT).exists()
    assert not await Enrollment.filter(learner__role__in=[Role.ADMIN, Role.CREATOR]).exists()
    paid = {s: await Order.filter(status=s).count() for s in OrderStatus}
    assert paid[OrderStatus.PAID] > paid[OrderStatus.REFUNDED] > 0
    assert paid[OrderStatus.CANCELED] > 0
    assert paid[OrderStatus.FAILED] > 0
    # Every purchase has its paid order, and a wholly refunded one lost its enrollment.
    mismatched = await connections.get("default").execute_query_dict(
        """SELECT e.id FROM enrollments e
           LEFT JOIN orders o ON o.buyer_id = e.learner_id AND o.course_id = e.course_id
                             AND o.status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')
           WHERE (e.source = 'PURCHASE') <> (o.id IS NOT NULL)
              OR (o.status = 'REFUNDED') <> (e.revoked_at IS NOT NULL)"""
    )
    assert mismatched == []
    figures = await connections.get("default").execute_query_dict(
        """SELECT c.slug FROM courses c
           LEFT JOIN (SELECT course_id, count(*) n, sum(rating) s FROM reviews WHERE hidden_at IS NULL
                      GROUP BY course_id) r ON r.course_id = c.id
           WHERE c.rating_count <> coalesce(r.n, 0) OR c.rating_sum <> coalesce(r.s, 0)
              OR c.enrollment_count <> (SELECT count(*) FROM enrollments e
                                        WHERE e.course_id = c.id AND e.revoked_at IS NULL)"""
    )
    assert figures == []
    check = await ledger.check()
    assert check.ok, (check.unbalanced_entries[:3], check.mismatched_orders[:3])
    assert check.entries == paid[OrderStatus.PAID] + 2 * (
        paid[OrderStatus.REFUNDED] + paid[OrderStatus.PARTIALLY_REFUNDED]
    )

    # Every account signs in with the one shared password; the first is an administrator.
    learner = await User.filter(role=Role.LEARNER, is_active=True).order_by("email").first()
    assert learner is not None
    for email in (ADMIN_EMAIL, learner.email):
        signed_in = await gql(LOGIN, {"email": email, "password": SCALE_PASSWORD})
        assert signed_in.ok()["login"]["user"]["email"] == email
    token = (await gql(LOGIN, {"email": ADMIN_EMAIL, "password": SCALE_PASSWORD})).ok()["login"]["accessToken"]
    found = await gql("query($s: String) { orders(filter: {search: $s}) { totalCount } }",
                      {"s": learner.email}, token=token)  # fmt: skip
    assert found.ok()["orders"]["totalCount"] == await Order.filter(buyer_id=learner.id).count()

    again = await seed_scale(params, USERS, COURSES)
    assert not again.created
    assert (again.users, again.courses, again.orders) == (report.users, report.courses, report.orders)
    with pytest.raises(AppError) as refused:
        await seed_scale(params, USERS + 1, COURSES)
    assert refused.value.code is ErrorCode.CONFLICT
    assert await User.all().count() == USERS


@pytest.mark.parametrize(("users", "courses"), [(2, 10), (-1, 10), (500, 0), (10**8, 10)])
def test_absurd_sizes_are_refused(users: int, courses: int) -> None:
    with pytest.raises(AppError) as refused:
        check_plan(users, courses)
    assert refused.value.code is ErrorCode.BAD_USER_INPUT


async def test_the_command_seeds_a_fresh_database_once_and_keeps_the_demo(database_url: str) -> None:
    name = f"edusphere_scale_{secrets.token_hex(4)}"
    fresh = urlunsplit(urlsplit(database_url)._replace(path=f"/{name}"))
    await ensure_database(fresh)
    env = command_env(DATABASE_URL=fresh)
    try:
        made = run_edusphere("seed", "--scale", "--users", "300", "--courses", "30", env=env)
        assert made.returncode == 0, made.stderr
        assert "Scale data made in" in made.stdout
        assert "300 users, 30 courses" in made.stdout
        again = run_edusphere("seed", "--scale", "--users", "300", "--courses", "30", env=env)
        assert again.returncode == 0, again.stderr
        assert "already present; nothing changed" in again.stdout
        other = run_edusphere("seed", "--scale", "--users", "400", "--courses", "30", env=env)
        assert other.returncode == 1
        assert "300 users and 30 courses" in other.stderr
        absurd = run_edusphere("seed", "--scale", "--users", "-5", env=env)
        assert absurd.returncode == 1
        assert "--users must be between" in absurd.stderr
        both = run_edusphere("seed", "--scale", "--demo", env=env)
        assert both.returncode == 2
        demo = run_edusphere("seed", "--demo", "--courses", "3", env=env)
        assert demo.returncode == 0, demo.stderr
        assert "3 courses added" in demo.stdout
        connection = await asyncpg.connect(urlunsplit(urlsplit(fresh)._replace(scheme="postgresql")))
        try:
            counts = await connection.fetchrow(
                "SELECT (SELECT count(*) FROM courses WHERE slug LIKE 'scale-course-%') AS scale, "
                "(SELECT count(*) FROM courses WHERE slug LIKE 'demo-course-%') AS demo"
            )
        finally:
            await connection.close()
        assert (counts["scale"], counts["demo"]) == (30, 3)
    finally:
        maintenance = urlunsplit(urlsplit(database_url)._replace(scheme="postgresql", path="/postgres"))
        connection = await asyncpg.connect(maintenance)
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await connection.close()
