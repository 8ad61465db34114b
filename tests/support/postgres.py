"""Throwaway PostgreSQL clusters for the test suite.

``TemporaryPostgres`` runs Debian's PostgreSQL server binaries (``initdb`` and
``pg_ctl``) to create a private cluster in a fresh temporary directory. It
listens on a free TCP port on 127.0.0.1 only, keeps its unix socket inside the
temporary directory and trades durability for speed (``fsync=off`` and
friends). PostgreSQL refuses to run as root, so when the tests run as root the
server binaries are run as the ``postgres`` OS user through ``runuser``.

Example::

    with TemporaryPostgres() as pg:
        url = pg.create_database("juwei_test")
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

import psycopg
from psycopg import sql

__all__ = ["MISSING_BINARIES_MESSAGE", "TemporaryPostgres", "find_pg_bin"]

MISSING_BINARIES_MESSAGE = (
    "PostgreSQL server binaries not found: install Debian's postgresql package "
    "(apt-get install postgresql) or set JUWEI_TEST_POSTGRES_URL"
)

SUPERUSER = "juwei"
OS_USER = "postgres"
HOST = "127.0.0.1"

_REQUIRED = ("initdb", "pg_ctl")
_SERVER_SETTINGS = {
    "listen_addresses": f"'{HOST}'",
    "fsync": "off",
    "full_page_writes": "off",
    "synchronous_commit": "off",
    "max_connections": "100",
}


def _has_binaries(bindir: Path) -> bool:
    return all(
        (bindir / name).is_file() and os.access(bindir / name, os.X_OK) for name in _REQUIRED
    )


def _version_key(bindir: Path) -> tuple[int, ...]:
    # /usr/lib/postgresql/<version>/bin: sort "9.6" < "15" numerically.
    parts = re.findall(r"\d+", bindir.parent.name)
    return tuple(int(part) for part in parts)


def find_pg_bin() -> Path | None:
    """Return the directory holding PostgreSQL's ``initdb`` and ``pg_ctl``.

    Prefers the newest ``/usr/lib/postgresql/*/bin`` (Debian's layout) that
    holds both programs, then whatever ``pg_config --bindir`` reports.
    Returns ``None`` when neither yields a usable directory.
    """
    candidates = [path for path in Path("/usr/lib/postgresql").glob("*/bin") if _has_binaries(path)]
    if candidates:
        return max(candidates, key=_version_key)
    pg_config = shutil.which("pg_config")
    if pg_config is None:
        return None
    try:
        result = subprocess.run(
            [pg_config, "--bindir"], capture_output=True, text=True, check=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return None
    bindir = Path(result.stdout.strip())
    if result.stdout.strip() and _has_binaries(bindir):
        return bindir
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _has_c_utf8_locale() -> bool:
    try:
        result = subprocess.run(["locale", "-a"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return True  # Cannot tell: try it, initdb falls back below.
    names = {line.strip().lower().replace("-", "") for line in result.stdout.splitlines()}
    return "c.utf8" in names


def _running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


class TemporaryPostgres:
    """A throwaway PostgreSQL cluster, usable as a context manager.

    ``start()`` creates and starts the cluster, ``stop()`` shuts it down and
    deletes every file it created. The superuser is ``juwei`` with trust
    authentication, so URLs carry no password.
    """

    def __init__(self, bindir: Path | None = None, base_dir: str | None = None) -> None:
        """Prepare (but do not start) a cluster.

        ``bindir`` overrides :func:`find_pg_bin`; ``base_dir`` is where the
        temporary directory is created (default: the system temp dir). When
        running as root it must be reachable by the ``postgres`` OS user.
        """
        self._bindir = bindir
        self._base_dir = base_dir
        self._as_root = _running_as_root()
        self.tmpdir: Path | None = None
        self.port: int | None = None
        self.startup_seconds: float | None = None

    # Context manager -----------------------------------------------------

    def __enter__(self) -> TemporaryPostgres:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # Paths and URLs ------------------------------------------------------

    @property
    def datadir(self) -> Path:
        """The cluster's data directory (inside the temporary directory)."""
        return self._require_tmpdir() / "data"

    @property
    def logfile(self) -> Path:
        """The server log written by ``pg_ctl``."""
        return self._require_tmpdir() / "postgres.log"

    @property
    def url(self) -> str:
        """SQLAlchemy URL of the ``postgres`` database."""
        return self.url_for("postgres")

    def url_for(self, dbname: str) -> str:
        """SQLAlchemy URL (``postgresql+psycopg://``) of database ``dbname``."""
        return f"postgresql+psycopg://{SUPERUSER}@{HOST}:{self._require_port()}/{dbname}"

    def conninfo(self, dbname: str = "postgres") -> str:
        """libpq/psycopg connection string of database ``dbname``."""
        return f"host={HOST} port={self._require_port()} user={SUPERUSER} dbname={dbname}"

    # Lifecycle -----------------------------------------------------------

    def start(self) -> None:
        """Create and start the cluster; raise ``RuntimeError`` on failure."""
        if self.tmpdir is not None:
            raise RuntimeError("TemporaryPostgres is already started")
        bindir = self._bindir or find_pg_bin()
        if bindir is None or not _has_binaries(bindir):
            raise RuntimeError(MISSING_BINARIES_MESSAGE)
        self._bindir = bindir
        if self._as_root:
            self._ensure_os_user()

        began = time.monotonic()
        self.tmpdir = Path(tempfile.mkdtemp(prefix="juwei-pg-", dir=self._base_dir))
        try:
            if self._as_root:
                shutil.chown(self.tmpdir, user=OS_USER, group=OS_USER)
                self._check_reachable()
            self._initdb()
            self._start_server()
        except BaseException:
            self._remove_tmpdir()
            raise
        self.startup_seconds = time.monotonic() - began

    def stop(self) -> None:
        """Stop the server (``pg_ctl -m fast -w stop``) and delete its files."""
        if self.tmpdir is None:
            return
        try:
            if (self.datadir / "postmaster.pid").exists():
                self._run(
                    ["pg_ctl", "-D", str(self.datadir), "-m", "fast", "-w", "-t", "60", "stop"]
                )
        finally:
            self._remove_tmpdir()

    # Databases -----------------------------------------------------------

    def create_database(self, name: str) -> str:
        """Create database ``name`` and return its SQLAlchemy URL."""
        with psycopg.connect(self.conninfo(), autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url_for(name)

    def drop_database(self, name: str) -> None:
        """Drop database ``name`` if it exists, disconnecting its sessions."""
        with psycopg.connect(self.conninfo(), autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    # Internals -----------------------------------------------------------

    def _require_tmpdir(self) -> Path:
        if self.tmpdir is None:
            raise RuntimeError("TemporaryPostgres is not started")
        return self.tmpdir

    def _require_port(self) -> int:
        if self.port is None:
            raise RuntimeError("TemporaryPostgres is not started")
        return self.port

    def _command(self, argv: list[str]) -> list[str]:
        assert self._bindir is not None
        command = [str(self._bindir / argv[0]), *argv[1:]]
        if self._as_root:
            return ["runuser", "-u", OS_USER, "--", *command]
        return command

    def _run(self, argv: list[str]) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            self._command(argv),
            cwd=self.tmpdir,  # the postgres user may not be able to enter our cwd
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"{argv[0]} failed with exit code {result.returncode}:\n"
                f"{result.stdout}{result.stderr}{self._log_tail()}"
            )
        return result

    def _log_tail(self) -> str:
        try:
            lines = self.logfile.read_text(errors="replace").splitlines()
        except (OSError, RuntimeError):
            return ""
        return "\n--- server log ---\n" + "\n".join(lines[-30:])

    def _ensure_os_user(self) -> None:
        try:
            subprocess.run(["id", "-u", OS_USER], capture_output=True, check=True)
        except subprocess.CalledProcessError:
            subprocess.run(["useradd", "--system", "--user-group", OS_USER], check=True)

    def _check_reachable(self) -> None:
        probe = subprocess.run(
            ["runuser", "-u", OS_USER, "--", "test", "-w", str(self.tmpdir)], check=False
        )
        if probe.returncode != 0:
            raise RuntimeError(
                f"the {OS_USER} OS user cannot write to {self.tmpdir}; "
                "pass base_dir= or set TMPDIR to a directory it can reach (e.g. /tmp)"
            )

    def _initdb(self) -> None:
        base = ["initdb", "-D", str(self.datadir), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8"]
        if _has_c_utf8_locale():
            try:
                self._run([*base, "--locale=C.UTF-8"])
                return
            except RuntimeError:
                shutil.rmtree(self.datadir, ignore_errors=True)
        self._run([*base, "--no-locale"])

    def _start_server(self) -> None:
        tmpdir = self._require_tmpdir()
        conf = self.datadir / "postgresql.conf"
        original = conf.read_text()
        last_error: RuntimeError | None = None
        for _attempt in range(3):  # the free port may be taken before postgres binds it
            self.port = _free_port()
            settings = {
                **_SERVER_SETTINGS,
                "port": str(self.port),
                "unix_socket_directories": f"'{tmpdir}'",
            }
            lines = "".join(f"{key} = {value}\n" for key, value in settings.items())
            conf.write_text(f"{original}\n# juwei TemporaryPostgres\n{lines}")
            try:
                self._run(
                    [
                        "pg_ctl",
                        "-D",
                        str(self.datadir),
                        "-l",
                        str(self.logfile),
                        "-w",
                        "-t",
                        "60",
                        "start",
                    ]
                )
                return
            except RuntimeError as error:
                last_error = error
        self.port = None
        assert last_error is not None
        raise last_error

    def _remove_tmpdir(self) -> None:
        if self.tmpdir is not None:
            shutil.rmtree(self.tmpdir, ignore_errors=True)
        self.tmpdir = None
        self.port = None
