"""Demo data: categories, creators, learners and a catalog of courses with everything inside.

Idempotent: every demo row has a fixed identity (emails `demo-…@edusphere.example`, slugs
`demo-…`), so a re-run only adds what is missing. Content comes from a seeded random generator
per course, so the same course always gets the same modules, lessons, enrollments and reviews.
Rows are written with bulk inserts; all demo accounts share one password hash (hashing is slow
on purpose).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from tortoise import connections
from tortoise.transactions import in_transaction

from edusphere.auth import passwords
from edusphere.auth.models import Role, User
from edusphere.core.settings import PasswordHashing
from edusphere.courses.models import (
    Category,
    Course,
    CourseStatus,
    Enrollment,
    EnrollmentSource,
    Lesson,
    LessonKind,
    Level,
    Module,
    Review,
)

DEMO_PASSWORD = "demo password 123"  # noqa: S105 - published on purpose: demo accounts only
CATEGORIES = {
    "programming": ("Programming", ["Python", "Rust", "Go", "JavaScript", "SQL", "Async IO", "Testing", "APIs"]),
    "data-science": ("Data Science", ["Statistics", "Pandas", "Machine Learning", "Visualisation", "Forecasting"]),
    "design": ("Design", ["Typography", "Colour", "UX Research", "Figma", "Illustration", "Layout"]),
    "business": ("Business", ["Accounting", "Negotiation", "Startups", "Leadership", "Product Management"]),
    "marketing": ("Marketing", ["SEO", "Copywriting", "Email Campaigns", "Analytics", "Branding"]),
    "music": ("Music", ["Guitar", "Piano", "Music Theory", "Mixing", "Songwriting"]),
    "photography": ("Photography", ["Portraits", "Lighting", "Lightroom", "Street Photography", "Composition"]),
    "languages": ("Languages", ["Spanish", "French", "German", "Japanese", "Italian"]),
    "health": ("Health & Fitness", ["Yoga", "Running", "Nutrition", "Strength Training", "Sleep"]),
    "personal-development": ("Personal Development", ["Writing", "Public Speaking", "Focus", "Memory"]),
}
FORMATS = ["{} for Beginners", "Mastering {}", "{} in Practice", "The Complete {} Course", "{}: Zero to Hero",
           "Practical {}", "{} Deep Dive", "{} Fundamentals", "Advanced {}", "{} Crash Course"]  # fmt: skip
# The level a title promises: "Advanced Rust" listed for beginners reads as a broken catalog. The
# formats not named here fit any level (the course's random draw decides).
FORMAT_LEVELS = {
    "{} for Beginners": Level.BEGINNER, "{}: Zero to Hero": Level.BEGINNER, "{} Fundamentals": Level.BEGINNER,
    "{} Crash Course": Level.BEGINNER, "Mastering {}": Level.ADVANCED, "{} Deep Dive": Level.ADVANCED,
    "Advanced {}": Level.ADVANCED,
}  # fmt: skip
ADJECTIVES = ["hands-on", "project-based", "concise", "thorough", "friendly", "rigorous", "playful", "modern"]
PRICES = [0, 0, 0, 999, 1499, 1999, 2499, 2999, 4999, 7999, 12999]
LANGUAGES = ["en", "en", "en", "en", "de", "fr", "es", "pt-BR"]
CREATORS = 20
# Drip release on show: this demo course's last module opens a week after enrollment (not one of
# the chat demo's courses, every 20th, whose first lesson carries a question).
DRIP_COURSE = 1
DRIP_DAYS = 7
LEARNERS = 60


@dataclass(frozen=True)
class SeedReport:
    courses_created: int
    courses_total: int


async def seed_demo(
    params: PasswordHashing, courses: int = 500, progress: Callable[[int, int], None] | None = None
) -> SeedReport:
    categories = await ensure_categories()
    password_hash = await passwords.hash_password(params, DEMO_PASSWORD)
    creators = await _users("creator", CREATORS, Role.CREATOR, password_hash)
    learners = await _users("learner", LEARNERS, Role.LEARNER, password_hash)
    # One administrator, so a person trying the product can open /admin. The demo's password is
    # published, so `seed --demo` is for demo databases only (the CLI says so).
    await _users("admin", 1, Role.ADMIN, password_hash)
    await _agree_levels_with_titles()
    existing = {str(slug) for slug in await Course.filter(slug__startswith="demo-").values_list("slug", flat=True)}
    missing = [n for n in range(courses) if _slug(n) not in existing]
    done = courses - len(missing)
    batch_size = 100
    for start in range(0, len(missing), batch_size):
        batch = missing[start : start + batch_size]
        async with in_transaction():
            await _create_courses(batch, categories, creators, learners)
        done += len(batch)
        if progress is not None:
            progress(done, courses)
    if progress is not None and not missing:
        progress(courses, courses)
    if missing:
        # Fresh statistics for the planner, and the GIN index's pending list merged: without this a
        # just-loaded catalog is searched by sequential scan until autovacuum comes by.
        await connections.get("default").execute_script(
            "VACUUM ANALYZE courses, course_modules, course_lessons, enrollments, reviews, users"
        )
    return SeedReport(courses_created=len(missing), courses_total=courses)


def _slug(n: int) -> str:
    return f"demo-course-{n:05d}"


def _display_name(kind: str, n: int) -> str:
    """The name a demo account shows, numbered as its email is (demo-creator-007 is "Demo Creator
    007"): someone signing in as one recognises herself on the courses she teaches."""
    return f"Demo {kind.title()} {n:03d}"


def _level(title_format: str, drawn: Level) -> Level:
    return FORMAT_LEVELS.get(title_format, drawn)


async def _agree_levels_with_titles() -> None:
    """Demo courses seeded before titles decided levels get the level their title promises."""
    for title_format, level in FORMAT_LEVELS.items():
        prefix, _, suffix = title_format.partition("{}")
        await (
            Course.filter(slug__startswith="demo-", title__startswith=prefix, title__endswith=suffix)
            .exclude(level=level)
            .update(level=level)
        )


async def ensure_categories() -> list[Category]:
    """The demo's categories (the scale seed uses them too), made when missing."""
    rows = []
    for slug, (name, _) in CATEGORIES.items():
        category, _ = await Category.get_or_create(slug=slug, defaults={"name": name})
        rows.append(category)
    return rows


async def _users(kind: str, count: int, role: Role, password_hash: str) -> list[User]:
    emails = [f"demo-{kind}-{n:03d}@edusphere.example" for n in range(count)]
    known = {u.email: u for u in await User.filter(email__in=emails)}
    for n, email in enumerate(emails):
        # Accounts seeded when names were numbered from 1 (demo-creator-000 was "Demo Creator 1").
        user = known.get(email)
        if user is not None and user.display_name == f"Demo {kind.title()} {n + 1}":
            user.display_name = _display_name(kind, n)
            await user.save(update_fields=["display_name"])
    now = datetime.now(UTC)
    new = [
        User(id=uuid4(), email=email, display_name=_display_name(kind, n), role=role,
             password_hash=password_hash, email_verified_at=now)  # demo accounts publish and buy at once
        for n, email in enumerate(emails)
        if email not in known
    ]  # fmt: skip
    if new:
        await User.bulk_create(new)
    known.update({u.email: u for u in new})
    return [known[email] for email in emails]


async def _create_courses(
    numbers: list[int], categories: list[Category], creators: list[User], learners: list[User]
) -> None:
    now = datetime.now(UTC)
    courses, modules, lessons, enrollments, reviews = [], [], [], [], []
    for n in numbers:
        rng = random.Random(n)  # noqa: S311 - deterministic demo content, not secrets
        category = categories[n % len(categories)]
        topic = rng.choice(CATEGORIES[category.slug][1])
        title_format = rng.choice(FORMATS)
        title = title_format.format(topic)
        course_id = uuid4()
        audience = rng.sample(learners, rng.randint(0, 12))
        ratings = [rng.choice([3, 4, 4, 5, 5, 5, 2]) for _ in audience[: rng.randint(0, len(audience))]]
        courses.append(
            Course(
                id=course_id,
                slug=_slug(n),
                title=title,
                subtitle=f"A {rng.choice(ADJECTIVES)} course on {topic.lower()}",
                description=_description(rng, topic),
                category_id=category.id,
                level=_level(title_format, rng.choice(list(Level))),
                language=rng.choice(LANGUAGES),
                price_cents=rng.choice(PRICES),
                currency="USD",
                status=CourseStatus.PUBLISHED,
                creator_id=creators[n % len(creators)].id,
                rating_sum=sum(ratings),
                rating_count=len(ratings),
                rating_avg=sum(ratings) / len(ratings) if ratings else 0,
                enrollment_count=len(audience),
                published_at=now - timedelta(days=rng.randint(0, 720), minutes=n),
            )
        )
        modules_and_lessons = _syllabus(rng, course_id, topic, drip=n == DRIP_COURSE)
        modules += [m for m, _ in modules_and_lessons]
        lessons += [lesson for _, module_lessons in modules_and_lessons for lesson in module_lessons]
        enrollments += [
            Enrollment(id=uuid4(), learner_id=learner.id, course_id=course_id, source=EnrollmentSource.FREE)
            for learner in audience
        ]
        reviews += [
            Review(id=uuid4(), learner_id=learner.id, course_id=course_id, rating=rating,
                   body=rng.choice(["Clear and useful.", "Loved the exercises.", "Good pace.", "", "Worth it."]))
            for learner, rating in zip(audience, ratings, strict=False)
        ]  # fmt: skip
    await Course.bulk_create(courses)
    await Module.bulk_create(modules)
    await Lesson.bulk_create(lessons, batch_size=1000)
    await Enrollment.bulk_create(enrollments, batch_size=1000)
    await Review.bulk_create(reviews, batch_size=1000)


def _description(rng: random.Random, topic: str) -> str:
    points = rng.sample(["the core ideas", "common mistakes", "real projects", "the tooling", "best practices",
                         "how experts think", "exercises with solutions"], 3)  # fmt: skip
    return (
        f"## What you will learn\n\nThis course teaches **{topic}** step by step.\n\n"
        + "\n".join(f"- {point.capitalize()}" for point in points)
        + f"\n\nNo prior experience with {topic.lower()} is needed."
    )


def _syllabus(
    rng: random.Random, course_id: UUID, topic: str, *, drip: bool = False
) -> list[tuple[Module, list[Lesson]]]:
    """`drip`: the last module opens `DRIP_DAYS` after enrollment (drip release, to show it)."""
    result = []
    count = rng.randint(2, 4)
    for m in range(count):
        module = Module(id=uuid4(), course_id=course_id, title=f"Part {m + 1}: {topic} {rng.choice(ADJECTIVES)}",
                        position=m + 1, opens_after_days=DRIP_DAYS if drip and m == count - 1 else 0)  # fmt: skip
        lessons = [
            Lesson(
                id=uuid4(),
                module_id=module.id,
                title=f"Lesson {m + 1}.{k + 1}",
                kind=LessonKind.VIDEO if k % 2 else LessonKind.TEXT,
                body=f"Notes for lesson {m + 1}.{k + 1} about {topic}.",
                video_url=f"https://videos.example/{course_id}/{m + 1}-{k + 1}" if k % 2 else None,
                duration_seconds=rng.randint(120, 1800),
                is_preview=m == 0 and k == 0,
                position=k + 1,
            )
            for k in range(rng.randint(2, 5))
        ]
        result.append((module, lessons))
    return result
