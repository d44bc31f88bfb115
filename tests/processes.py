"""Running the real `edusphere` command in a child process, for end-to-end tests."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

_STRIPPED = (
    "DATABASE_URL",
    "REDIS_URL",
    "TEST_DATABASE_URL",
    "TEST_REDIS_URL",
    "EDUSPHERE_ENV",
    "SECRET_KEY",
)


def command_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _STRIPPED}
    env.update(overrides)
    return env


def run_edusphere(
    *args: str, env: dict[str, str], stdin: str = "", timeout: float = 120, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "edusphere", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        cwd=cwd,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serving(
    port: int, env: dict[str, str], cwd: Path, *extra: str, prefix: list[str] | None = None, module: str = "edusphere"
) -> Iterator[subprocess.Popen[str]]:
    """`edusphere serve` (or another `module`'s) until the block ends; waits for /readyz, stops
    with SIGTERM. `prefix` wraps the command (e.g. `taskset -c 0`)."""
    log = (cwd / f"serve-{port}.log").open("a")
    process = subprocess.Popen(
        [*(prefix or []), sys.executable, "-m", module, "serve", "--port", str(port), *extra],
        env=env,
        cwd=cwd,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: a crash can take the workers down with it
    )
    try:
        wait_healthy(f"http://127.0.0.1:{port}", process, cwd / f"serve-{port}.log")
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        crash(process)  # whatever is left of its group (workers of a killed main process)
        log.close()


def crash(process: subprocess.Popen[str]) -> None:
    """SIGKILL the server's whole process group, as a machine crash would."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)


def wait_healthy(base_url: str, process: subprocess.Popen[str], log_path: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited with {process.returncode}:\n{log_path.read_text()}")
        try:
            if httpx.get(f"{base_url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"server did not become ready:\n{log_path.read_text()}")
