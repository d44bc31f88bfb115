"""Catalog search over HTTP: a filtered full-text query for a 20-course page with creator and category.

Loads the demo catalog (10,000 courses by default; `edusphere seed --demo` is idempotent), starts
`edusphere serve` pinned to CPU 0, and sends queries one at a time from CPU 1, printing queries/s
and p50/p99 latency for the page alone and for the page with totalCount and facets.

    python -m benchmarks.catalog_search [--courses 10000] [--requests 500]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--courses", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=500)
    args = parser.parse_args()
    with data_directory() as data_dir:
        seed(data_dir, args.courses)
        with server(cpu=0, data_dir=data_dir) as base_url:
            pin_to_cpu(1)
            run(base_url, PAGE, "warm-up", 50)
            print(f"{args.requests} sequential requests each, one client, server on CPU 0")
            print(run(base_url, PAGE, "20-course page", args.requests).line())
            print(run(base_url, PAGE_WITH_FACETS, "page + totalCount + facets", args.requests).line())


if __name__ == "__main__":
    main()
