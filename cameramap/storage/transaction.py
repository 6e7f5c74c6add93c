"""Units of work for the edges (requests, commands, import runners): commit once or roll back.

Services add and flush; only the code that received the request or ran the command commits. A
separate unit (`separate_unit`) is for the few writes that must outlive the request's own unit of
work whatever becomes of it: the client-key secret of a period, a photo staged for a form that is
shown again after an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from .database import read_only_intent

AFTER_COMMIT = "cameramap.after_commit"
AFTER_ROLLBACK = "cameramap.after_rollback"
Action = Callable[[], Any]


@contextmanager
def unit_of_work(session: Session) -> Iterator[Session]:
    """Commit when the block ends normally, roll back when it raises (anything, even SystemExit)."""
    try:
        yield session
    except BaseException:
        session.rollback()
        raise
    session.commit()


@contextmanager
def separate_unit(factory: Callable[[], Session]) -> Iterator[Session]:
    """A short unit of work on a session of its own (its own connection; in tests, a savepoint of
    the test's connection), committed at once. It writes, so SQLite begins it IMMEDIATE."""
    token = read_only_intent.set(False)
    try:
        with factory() as session, unit_of_work(session):
            yield session
    finally:
        read_only_intent.reset(token)


def after_commit(session: Session, action: Action) -> None:
    """Run `action` once the session's unit of work has committed (e.g. delete a file it released)."""
    session.info.setdefault(AFTER_COMMIT, []).append(action)


def after_rollback(session: Session, action: Action) -> None:
    """Run `action` if the session's unit of work is rolled back (e.g. delete a file it stored)."""
    session.info.setdefault(AFTER_ROLLBACK, []).append(action)


def _run(session: Session, run: str, drop: str) -> None:
    session.info.pop(drop, None)
    for action in session.info.pop(run, ()):
        action()


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    _run(session, AFTER_COMMIT, AFTER_ROLLBACK)


@event.listens_for(Session, "after_soft_rollback")
def _rolled_back(session: Session, previous: SessionTransaction) -> None:
    if previous.parent is None:  # the unit of work itself, not a savepoint inside it
        _run(session, AFTER_ROLLBACK, AFTER_COMMIT)
