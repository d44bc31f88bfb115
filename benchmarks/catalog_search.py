"""Catalog search over HTTP: a filtered full-text query for a 20-course page with creator and category.

Loads the demo catalog (10,000 courses by default; `edusphere seed --demo` is idempotent), starts
`edusphere serve` pinned to CPU 0, and sends queries one at a time from CPU 1, printing queries/s
and p50/p99 latency for the page alone and for the page with totalCount and facets.

Issue 18's forgiving search beside them, in the same run: the any-word fallback ("python basics":
no course has both words), typos (trigram similarity over titles, with the did-you-mean),
symbol terms (".net", "c++"), the RATING (Bayesian score) and POPULAR (recent enrollments) sorts,
and search-as-you-type suggestions; each against its target (suggestions p99 <= 20 ms, a fallback
or typo search p99 <= 50 ms) and beside the floor `{ apiVersion }` (the GraphQL HTTP path with
no database work). The server's suggestion rate limit is raised for the run (one client sends
them back to back): the limiter's Redis call is still made and measured.

    python -m benchmarks.catalog_search [--courses 10000] [--requests 500]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections import Counter
from typing import Any

import httpx

from benchmarks.harness import LoadResult, bench_env, data_directory, pin_to_cpu, server

PAGE = """query($filter: CourseFilter) { courses(filter: $filter, sort: RELEVANCE, first: 20) {
  pageInfo { hasNextPage endCursor }
  edges { node { slug title subtitle priceCents currency ratingAvg ratingCount
                 category { slug name } creator { id displayName } } } } }"""
PAGE_WITH_FACETS = PAGE.replace("pageInfo {", "totalCount facets { categories { slug count } "
                                "priceBands { key count } } pageInfo {")  # fmt: skip
TEXTS = ["python", "guitar", "machine learning", "photography lighting", "spanish", "leadership", "sql",
         "yoga", "typography", "seo copywriting", "mastering rust", "\"music theory\""]  # fmt: skip
FILTERS = [{}, {"ratingMin": 3.5}, {"priceMax": 2999}, {"categorySlugs": ["programming", "data-science"]},
           {"freeOnly": True}, {"level": "BEGINNER", "language": "en"}]  # fmt: skip


FALLBACK_TEXTS = ["python basics", "guitar lessons", "spanish grammar", "yoga routine", "leadership skills",
                  "figma tutorial", "sql queries", "piano chords"]  # fmt: skip
TYPO_TEXTS = ["pythn", "guitr", "photgraphy", "leadrship", "typograhpy", "spansh", "machne learning", "nutriton",
              ".net", "c++"]  # fmt: skip
SUGGEST_TEXTS = ["py", "pyth", "guit", "mach", "lead", "spa", "pythn", "demo cr", "data sc", "yog"]
SUGGEST = "query($text: String!) { catalogSuggestions(text: $text) { kind label courseSlug categorySlug creatorId } }"
WITH_MODE = PAGE_WITH_FACETS.replace("pageInfo {", "search { mode didYouMean } pageInfo {")
SORTED = PAGE.replace("sort: RELEVANCE", "sort: $sort").replace(
    "query($filter: CourseFilter)", "query($filter: CourseFilter, $sort: CourseSort)"
)
TARGETS_MS = {"suggestions": 20.0, "fallback": 50.0, "typo": 50.0}


def seed(data_dir: str, courses: int) -> None:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "edusphere", "seed", "--demo", "--courses", str(courses)],
        env=bench_env(data_dir), check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    print(f"demo catalog of {courses} courses ready in {time.perf_counter() - started:.1f} s")


def run(base_url: str, query: str, name: str, requests: int) -> LoadResult:
    result = LoadResult(name, 0)
    with httpx.Client(base_url=base_url, timeout=30) as client:
        started = time.perf_counter()
        for n in range(requests):
            variables = {"filter": {"text": TEXTS[n % len(TEXTS)], **FILTERS[n % len(FILTERS)]}}
            t0 = time.perf_counter()
            response = client.post("/graphql", json={"query": query, "variables": variables})
            elapsed = time.perf_counter() - t0
            if response.status_code == 200 and "errors" not in response.json():
                result.latencies.append(elapsed)
            else:
                result.errors += 1
        result.seconds = time.perf_counter() - started
    return result


def run_each(base_url: str, query: str, name: str, requests: int, variables: list[dict[str, Any]],
             modes: Counter[str] | None = None) -> LoadResult:  # fmt: skip
    """`query` with `variables` in turn; counts the search modes answered into `modes`."""
    result = LoadResult(name, 0)
    with httpx.Client(base_url=base_url, timeout=30) as client:
        started = time.perf_counter()
        for n in range(requests):
            t0 = time.perf_counter()
            response = client.post("/graphql", json={"query": query, "variables": variables[n % len(variables)]})
            elapsed = time.perf_counter() - t0
            body = response.json()
            if response.status_code == 200 and "errors" not in body:
                result.latencies.append(elapsed)
                search = (body["data"].get("courses") or {}).get("search")
                if modes is not None and search:
                    modes[search["mode"]] += 1
            else:
                result.errors += 1
        result.seconds = time.perf_counter() - started
    return result


def verdict(result: LoadResult, kind: str) -> str:
    target = TARGETS_MS[kind]
    p99 = result.percentile(99) * 1000
    return f"{result.line()}   target p99 <= {target:.0f} ms: {'met' if p99 <= target else 'MISSED'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--courses", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=500)
    args = parser.parse_args()
    with data_directory() as data_dir:
        seed(data_dir, args.courses)
        with server(cpu=0, data_dir=data_dir, extra_env={"CATALOG_SUGGEST_LIMIT": "100000000/60"}) as base_url:
            pin_to_cpu(1)
            run(base_url, PAGE, "warm-up", 50)
            n = args.requests
            print(f"{n} sequential requests each, one client, server on CPU 0")
            print(run_each(base_url, "{ apiVersion }", "floor: { apiVersion }", n, [{}]).line())
            print(run(base_url, PAGE, "20-course page", n).line())
            print(run(base_url, PAGE_WITH_FACETS, "page + totalCount + facets", n).line())
            modes: Counter[str] = Counter()
            fallback = [{"filter": {"text": t}} for t in FALLBACK_TEXTS]
            typos = [{"filter": {"text": t}} for t in TYPO_TEXTS]
            print(verdict(run_each(base_url, PAGE, "fallback: page", n, fallback, modes), "fallback"))
            print(verdict(run_each(base_url, WITH_MODE, "fallback: + count + facets", n, fallback, modes), "fallback"))
            print(verdict(run_each(base_url, PAGE, "typo: page", n, typos, modes), "typo"))
            print(verdict(run_each(base_url, WITH_MODE, "typo: + count + facets", n, typos, modes), "typo"))
            print(f"  search modes answered: {dict(modes)}")
            suggest = [{"text": t} for t in SUGGEST_TEXTS]
            print(verdict(run_each(base_url, SUGGEST, "suggestions", n, suggest), "suggestions"))
            for sort in ("RATING", "POPULAR"):
                print(
                    run_each(
                        base_url, SORTED, f"sort {sort}, no text", n, [{"filter": f, "sort": sort} for f in FILTERS]
                    ).line()
                )


if __name__ == "__main__":
    main()
