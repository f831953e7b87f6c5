"""A throwaway redis-server on a free loopback port, for the distributed-mode tests.

Never the system service: each test module starts its own server (no persistence, no config file) and stops
it at the end, so tests on two xdist workers never share one. When the binary is missing the tests skip, with
a message saying how to get it (`.ci/run` installs it).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def redis_server(workdir: Path) -> Iterator[str]:
    """Start redis-server on 127.0.0.1:<free port>; yields its base URL `redis://127.0.0.1:PORT`."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server): distributed tests skipped")
    workdir.mkdir(parents=True, exist_ok=True)
    for _attempt in range(3):  # a free port can be taken between finding it and binding it
        port = free_port()
        cmd = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        cmd += ["--dir", str(workdir), "--daemonize", "no", "--loglevel", "warning"]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        client = redis.Redis(host="127.0.0.1", port=port, socket_timeout=2)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.02)
        if proc.poll() is None:
            break
    else:
        message = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        pytest.skip(f"redis-server could not be started: {message.strip()[-300:]}")
    try:
        yield f"redis://127.0.0.1:{port}"
    finally:
        client.close()
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
