"""A throw-away PostgreSQL server on loopback for the tests: ``initdb`` + ``pg_ctl`` from the machine's binaries.

Binaries are looked for in ``$NEWSDESK_PG_BIN``, Debian's ``/usr/lib/postgresql/*/bin`` (apt ``postgresql``),
then the ``pgserver`` wheel (which also brings pgvector).  PostgreSQL refuses to
run as root, so as root (CI) the cluster belongs to ``nobody`` and its commands run through ``runuser``.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest


def debian_bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    return Path(found[-1]).parent if found else None


def wheel_bindir() -> Path | None:
    try:
        import pgserver  # noqa: F401 - the pgserver wheel's bundled PostgreSQL (with pgvector)
    except ImportError:
        return None
    import importlib.util

    spec = importlib.util.find_spec("pgserver")
    if spec is None or spec.origin is None:
        return None
    bindir = Path(spec.origin).parent / "pginstall" / "bin"
    return bindir if (bindir / "initdb").exists() else None


def find_bindir() -> Path | None:
    env = os.environ.get("NEWSDESK_PG_BIN")
    return Path(env) if env else debian_bindir() or wheel_bindir()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LocalPostgres:
    """One cluster in a temporary directory, listening on 127.0.0.1 only, trusting local connections."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="newsdesk-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.user = "newsdesk"
        self._as = ["runuser", "-u", "nobody", "--"] if os.geteuid() == 0 else []
        if self._as:
            os.chmod(self.root, 0o755)
            shutil.chown(self.root, "nobody")

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self._as, *args], capture_output=True, text=True, timeout=120, cwd=self.root)

    def start(self) -> None:
        """initdb and start; raises RuntimeError with the server's own words when either fails."""
        init = self._run(
            str(self.bindir / "initdb"), "-D", str(self.data), "-U", self.user, "--auth=trust",
            "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        if init.returncode:
            raise RuntimeError(f"initdb failed: {init.stderr.strip()[-500:]}")
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
        )
        log = str(self.root / "server.log")
        started = self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", log, "-w", "start")
        if started.returncode:
            tail = Path(log).read_text(errors="replace")[-800:] if Path(log).exists() else started.stderr
            raise RuntimeError(f"pg_ctl start failed: {tail.strip()}")

    def stop(self) -> None:
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self) -> str:
        """A fresh, empty database; its URL."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def drop_database(self, url: str) -> None:
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def start_or_skip(bindir: Path | None, what: str) -> LocalPostgres:
    """Start a local PostgreSQL from ``bindir`` for the session, or skip saying why none could start."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed (pip install 'newsdesk[scale]')")
    if bindir is None:
        pytest.skip(f"no PostgreSQL server binaries found ({what})")
    server = LocalPostgres(bindir)
    try:
        server.start()
    except (RuntimeError, OSError) as exc:
        server.stop()
        pytest.skip(f"PostgreSQL from {bindir} could not start: {exc}")
    return server
