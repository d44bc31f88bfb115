"""What the GraphQL door costs per request, in process (no server): `limits.check_document`,
then the gate's validation and coercion of variables, for hostile documents and for the cached
hot path. Each hostile document is sent once made unique (a comment with a counter, so no cache
helps: "fresh") and then again unchanged ("repeat": served from the verdict caches).

    PYTHONPATH=. python -m benchmarks.graphql_refusals [--repeats 3]
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from edusphere.core.errors import AppError
from edusphere.core.graphql.engine import ENGINE_SCALARS, sdl_files
from edusphere.core.graphql.gate import Gate, install
from edusphere.core.graphql.limits import check_document
from edusphere.core.settings import GraphQLLimits
from edusphere.domains import DOMAINS

COURSES = "courses(first:1){totalCount}"
LEAVES = ("slug", "title", "subtitle", "description", "status", "priceCents", "currency", "isFree", "level",
          "language", "coverImage", "ratingAvg", "ratingCount", "enrollmentCount", "publishedAt", "createdAt",
          "lessonCount", "id", "__typename")  # fmt: skip
HOSTILE = {
    "300 x courses, no aliases": "{ " + " ".join([COURSES] * 300) + " }",
    "650 x courses, no aliases": "{ " + " ".join([COURSES] * 650) + " }",
    "300 same-name over 15 fragments": "{ "
    + " ".join(f"...F{i}" for i in range(15))
    + " } "
    + " ".join(f"fragment F{i} on Query {{ " + " ".join([COURSES] * 20) + " }" for i in range(15)),
    "400 fragments spread together": "{ "
    + " ".join(f"...F{i}" for i in range(400))
    + " } "
    + " ".join(f"fragment F{i} on Query{{apiVersion}}" for i in range(400)),
    "19 names x 50 (past limits: gate budget)": "{ courses { edges { node { "
    + " ".join(name for name in LEAVES for _ in range(50))
    + " } } } }",
    "20 x me { 20 x enrollments { id } }": "{ "
    + " ".join("me { " + " ".join(["enrollments{ id }"] * 20) + " }" for _ in range(20))
    + " }",
    "too deep, after 9,000 tokens": "{ a(x: [" + ", ".join(["1"] * 4400) + "]) " + "{ b " * 31 + "}" * 31 + " }",
}
ORDINARY = ("query($f: CourseFilter) { courses(filter: $f, first: 20) { totalCount "
            "edges { node { slug title creator { id displayName } } } } }")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    repeats = parser.parse_args().repeats
    gate = Gate.from_files(sdl_files(DOMAINS), ENGINE_SCALARS)
    install(gate)
    limits = GraphQLLimits()

    def request(source: str, variables: dict[str, Any] | None = None) -> str:
        try:
            check_document(source, None, limits, True)
            gate.variables(gate.check(source), None, variables)
        except AppError as error:
            return error.message[:60]
        return "accepted"

    for label, source in HOSTILE.items():
        fresh = []
        for i in range(repeats):
            unique = f"{source} # {i} {time.time()}"
            start = time.perf_counter()
            verdict = request(unique)
            fresh.append(time.perf_counter() - start)
        start = time.perf_counter()
        for _ in range(repeats):
            request(unique)
        repeat = (time.perf_counter() - start) / repeats
        print(f"{label:<42} {len(source):>6} B  fresh {1e3 * min(fresh):7.1f} ms  "
              f"repeat {1e3 * repeat:7.2f} ms  {verdict}")  # fmt: skip
    variables = {"f": {"priceMin": 5}}
    request(ORDINARY, variables)
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(50_000):
            request(ORDINARY, variables)
        best = min(best, (time.perf_counter() - start) / 50_000)
    print(f"cached hot path (limits + gate), best of 5: {1e6 * best:.2f} us")


if __name__ == "__main__":
    main()
