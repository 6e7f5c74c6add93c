"""`cameramap serve`: waitress (one process, threads) or, with --workers N > 1, gunicorn with N workers.

Nothing the app keeps per process has to agree between processes: ETags come from the database's
registry version, rate limits and challenges from Redis (CAMERAMAP_REDIS_URL) when several
processes or hosts serve. See docs/production.md.
"""

from __future__ import annotations

import errno
import gc
import socket
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from ..api.exportjobs import build_missing
from ..extensions import db, engine, settings
from ..services.imports.runs import mark_interrupted
from ..storage.transaction import unit_of_work

PER_PROCESS_LIMITS = (
    "warning: CAMERAMAP_REDIS_URL is not set, so each of the worker processes keeps its own rate-limit "
    "counters and solved challenges: a client gets the limits once per process, and they reset when "
    "the server restarts. Set CAMERAMAP_REDIS_URL to share them (docs/production.md).")


def gunicorn_application(app: Flask, options: dict[str, Any]):
    """A gunicorn BaseApplication serving `app` with `options` (bind, workers, threads, ...)."""
    from gunicorn.app.base import BaseApplication

    class CameramapApplication(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                if key in self.cfg.settings and value is not None:
                    self.cfg.set(key.lower(), value)

        def load(self) -> Flask:
            return app

    return CameramapApplication()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int, help="Threads per process.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Processes: above 1, gunicorn runs them (each with --threads threads).")
@click.option("--demo", is_flag=True, help="Load the Helsinki demo data if the registry is empty.")
@with_appcontext
def serve_command(host: str, port: int, threads: int, workers: int, demo: bool) -> None:
    """Serve the map and the API."""
    with unit_of_work(db.session()) as session:
        if interrupted := mark_interrupted(session):
            click.echo(f"{interrupted} import run(s) killed mid-way marked interrupted "
                       "(see cameramap import --runs)")
    if demo:
        load_demo_data()
    db.session.remove()
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    click.echo(f"database: {engine().url.render_as_string()}")
    listener = listening_socket(host, port)
    click.echo(f"serving on http://{host}:{listener.getsockname()[1]}/ "
               f"({workers} process(es) x {threads} threads)")
    if workers > 1 and not settings().redis_url:
        click.echo(PER_PROCESS_LIMITS, err=True)
    if workers > 1:
        engine().dispose()  # each worker opens its own connections after the fork
        options = {"bind": f"fd://{listener.detach()}", "workers": workers, "threads": threads,
                   "worker_class": "gthread" if threads > 1 else "sync", "accesslog": None,
                   "timeout": 60, "graceful_timeout": 20, "keepalive": 5,
                   "control_socket_disable": True}  # several servers on one host would share ~/.gunicorn
        options["post_worker_init"] = lambda _worker: build_missing(app)  # the lease: one build per dump
        share_with_workers()
        gunicorn_application(app, options).run()  # gunicorn owns (and closes) the detached socket
        return
    import waitress

    build_missing(app)
    waitress.serve(app, sockets=[listener], threads=threads, ident="cameramap")


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to host:port and listening (the servers take it over), or the reason it cannot
    be as the command's message."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0][0]
        return socket.create_server((host, port), family=family, backlog=1024)
    except OSError as err:
        if err.errno == errno.EADDRINUSE:
            message = f"port {port} is in use; choose another with --port N"
        elif err.errno == errno.EACCES:
            message = f"no permission to listen on port {port}; choose another with --port N (above 1023)"
        else:
            message = f"cannot listen on {host}:{port}: {err.strerror or err}"
        raise click.ClickException(message) from None


def load_demo_data() -> None:
    """The demo's cameras, operator files and streets in one unit of work, and its basemap."""
    from ..services.demo import load_demo  # the demo's importers stay out of the workers
    from .operators import echo_demo_operators
    from .streets import demo_streets

    with unit_of_work(db.session()) as session:
        summary = load_demo(session)
        demo_streets(session)
    if summary.cameras is not None:
        click.echo(f"loaded {summary.cameras.created} demo cameras (OpenStreetMap, ODbL)")
    echo_demo_operators(summary.operator_files)
    demo_basemap()


def share_with_workers() -> None:
    """Before the fork: the app's objects (made once, here) go to the collector's permanent generation,
    so the workers' collections never write to their pages and the pages stay shared copy-on-write."""
    gc.collect()
    gc.freeze()


def demo_basemap() -> None:
    """Build the Helsinki basemap when the served archive is missing (only with the default tiles)."""
    if settings().tile_url:
        return
    from ..services.basemap import build_demo_basemap

    stats = build_demo_basemap(settings())
    if stats is not None:
        click.echo(f"built the Helsinki basemap ({stats.tiles} tiles, {stats.bytes / 1024:,.0f} KiB) "
                   f"in {stats.seconds:.1f} s: {stats.path}")


def register(group: click.Group) -> None:
    group.add_command(serve_command)
