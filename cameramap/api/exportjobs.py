"""Export builds in the background: a download that finds its dump missing or out of date claims the
dump's build lease (services.exports.builds) and a thread of this process builds it; no request ever
waits for a build. A thread renews the lease while the build runs; a killed process's lease runs out
and the next request's claim takes over. At start (build_missing) the dumps the registry lacks are
built one after another in the background, so the first visitors get files rather than 503."""

from __future__ import annotations

import os
import socket
import threading
import uuid
from collections.abc import Callable
from datetime import timedelta
from functools import partial

from flask import Flask, current_app
from sqlalchemy.orm import Session, sessionmaker

from ..extensions import db, settings
from ..services.exports import builds
from ..storage.backends import read_only_intent
from ..storage.models import utcnow
from ..storage.transaction import separate_unit

RUNNER = "cameramap.export_runner"  # app.extensions key: how a build job is run (default: a thread)
Job = Callable[[], None]
Factory = Callable[[], Session]


def in_thread(job: Job) -> None:
    threading.Thread(target=job, name="cameramap-export", daemon=True).start()


def run_now(job: Job) -> None:
    """Run the build in the caller's thread (tests: the request answers with the file it built)."""
    job()


def _owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def request_build(name: str, view: builds.View | None) -> float:
    """Start building dump `name` unless a build of it runs or started too recently (the builds' rate
    limit); the seconds after which to ask again. Filtered files of a format are built one at a time
    (their own lease), each as soon as the previous one ends."""
    owner = _owner()
    factory: Factory = db.session.session_factory
    lease = builds.lease_name(name, view)
    rebuild_after = timedelta(seconds=settings().export_rebuild_seconds if view is None else 0)
    with separate_unit(factory) as session:
        wait = builds.claim(session, lease, owner, utcnow(), rebuild_after)
    if wait is not None:
        return wait
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    runner: Callable[[Job], None] = app.extensions.get(RUNNER, in_thread)
    runner(partial(_build, app, factory, name, view, owner))
    return float(builds.RETRY_SECONDS)


def build_missing(app: Flask) -> None:
    """At start (after the demo loaded, in each serving process): in the background, build every dump
    not built for the registry as it is, when it holds cameras. Each build takes its dump's lease as a
    download does: one build per dump across workers and hosts, and the rebuild rate limit holds."""
    factory = sessionmaker(**db.session.session_factory.kw)  # bound as now, whatever rebinds `db` later
    runner: Callable[[Job], None] = app.extensions.get(RUNNER, in_thread)
    runner(partial(_build_missing, app, factory))


def _build_missing(app: Flask, factory: Factory) -> None:
    config = settings(app)
    rebuild_after = timedelta(seconds=config.export_rebuild_seconds)
    token = read_only_intent.set(True)
    try:
        with factory() as session:
            names = builds.missing(session, config.export_dir)
    except Exception:  # the downloads then build when first asked for
        app.logger.warning("could not find the exports to build at start", exc_info=True)
        return
    finally:
        read_only_intent.reset(token)
    for name in names:
        owner = _owner()
        try:
            with separate_unit(factory) as session:
                wait = builds.claim(session, name, owner, utcnow(), rebuild_after)
        except Exception:  # the database is busy: a download claims it later
            app.logger.warning("could not claim the build of the %s export", name, exc_info=True)
            continue
        if wait is None:  # else another process builds it, or built it moments ago
            _build(app, factory, name, None, owner)


def _renew(app: Flask, factory: Factory, lease: str, owner: str, done: threading.Event) -> None:
    while not done.wait(builds.RENEW_SECONDS):
        try:
            with separate_unit(factory) as session:
                if not builds.renew(session, lease, owner, utcnow()):
                    app.logger.warning("the build lease %s was lost", lease)
                    return
        except Exception:  # the database is busy: the next renewal tries again
            app.logger.warning("could not renew the build lease %s", lease, exc_info=True)


def _build(app: Flask, factory: Factory, name: str, view: builds.View | None, owner: str) -> None:
    """Build the dump (reading only: SQLite writers are not held up), then give the lease back."""
    done, version, lease = threading.Event(), None, builds.lease_name(name, view)
    threading.Thread(target=_renew, args=(app, factory, lease, owner, done), daemon=True,
                     name="cameramap-export-lease").start()
    token = read_only_intent.set(True)
    try:
        with factory() as session:
            version = builds.build(session, name, settings(app).export_dir, view).version
    except Exception:
        app.logger.exception("building the %s export failed", name)
    finally:
        read_only_intent.reset(token)
        done.set()
    try:
        with separate_unit(factory) as session:
            builds.release(session, lease, owner, utcnow(), version)
    except Exception:  # the lease runs out by itself
        app.logger.warning("could not release the build lease of the %s export", name, exc_info=True)
