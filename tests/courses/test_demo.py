"""Demo data loads, is consistent with itself, and loads only once."""

from tortoise import connections

from edusphere.auth.models import Role, User
from edusphere.core.runtime import Runtime
from edusphere.courses.demo import DEMO_PASSWORD, seed_demo
from edusphere.courses.models import Course, Level, Module, Review
from tests.helpers import GraphQLClient


async def test_seed_is_idempotent_and_consistent(runtime: Runtime, gql: GraphQLClient) -> None:
    calls: list[tuple[int, int]] = []
    first = await seed_demo(runtime.settings.password_hashing, courses=30, progress=lambda d, t: calls.append((d, t)))
    assert (first.courses_created, first.courses_total) == (30, 30)
    assert calls[-1] == (30, 30)
    users = await User.all().count()
    again = await seed_demo(runtime.settings.password_hashing, courses=30)
    assert again.courses_created == 0
    assert await Course.all().count() == 30
    assert await User.all().count() == users
    more = await seed_demo(runtime.settings.password_hashing, courses=40)
    assert more.courses_created == 10
    mismatched = await connections.get("default").execute_query_dict(
        """SELECT c.slug FROM courses c LEFT JOIN (SELECT course_id, count(*) n, sum(rating) s FROM reviews
           GROUP BY course_id) r ON r.course_id = c.id
           WHERE c.rating_count <> coalesce(r.n, 0) OR c.rating_sum <> coalesce(r.s, 0)
              OR c.enrollment_count <> (SELECT count(*) FROM enrollments e WHERE e.course_id = c.id)"""
    )
    assert mismatched == []
    assert await Review.all().count() > 0
    # The demo's one administrator can open the admin (its password is the demo's).
    admin = await User.get(email="demo-admin-000@edusphere.example")
    assert admin.role is Role.ADMIN
    login = await gql(
        "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }",
        {"e": admin.email, "p": DEMO_PASSWORD},
    )
    token = login.ok()["login"]["accessToken"]
    dashboard = (await gql("{ adminDashboard(days: 7) { usersByRole { role count } } }", token=token)).ok()
    assert sum(row["count"] for row in dashboard["adminDashboard"]["usersByRole"]) == users
    page = (await gql("{ courses(first: 5, sort: RATING) { totalCount edges { node { slug creator { id } } } } }")).ok()
    assert page["courses"]["totalCount"] == 40
    # Drip release on show: one demo course's last module opens a week after enrollment, no other.
    drip = await Module.filter(opens_after_days__gt=0).select_related("course")
    assert [(m.course.slug, m.opens_after_days) for m in drip] == [("demo-course-00001", 7)]
    assert drip[0].position == await Module.filter(course_id=drip[0].course.id).count()


async def test_titles_agree_with_levels_and_names_with_accounts(runtime: Runtime) -> None:
    await seed_demo(runtime.settings.password_hashing, courses=60)
    courses = await Course.filter(slug__startswith="demo-").values_list("title", "level")
    promised = {
        "Advanced": Level.ADVANCED,
        "Mastering": Level.ADVANCED,
        "Deep Dive": Level.ADVANCED,
        "for Beginners": Level.BEGINNER,
        "Zero to Hero": Level.BEGINNER,
        "Fundamentals": Level.BEGINNER,
    }
    checked = 0
    for title, level in courses:
        for words, wanted in promised.items():
            if words in str(title):
                assert level == wanted, (title, level)
                checked += 1
    assert checked > 10
    creator = await User.get(email="demo-creator-007@edusphere.example")
    assert creator.display_name == "Demo Creator 007"
    # A course seeded as before (a contradicting level) and an account named the old way are
    # made to agree by the next seed.
    course = await Course.filter(title__startswith="Advanced ").first()
    assert course is not None
    await Course.filter(id=course.id).update(level=Level.BEGINNER)
    await User.filter(id=creator.id).update(display_name="Demo Creator 8")
    await seed_demo(runtime.settings.password_hashing, courses=60)
    assert (await Course.get(id=course.id)).level is Level.ADVANCED
    assert (await User.get(id=creator.id)).display_name == "Demo Creator 007"
