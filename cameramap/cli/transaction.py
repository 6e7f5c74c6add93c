"""Every command is one unit of work: committed when it ends normally, rolled back on any error."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask.cli import with_appcontext

from ..extensions import db
from ..storage.transaction import unit_of_work

F = TypeVar("F", bound=Callable[..., Any])


def unit_of_work_command(command: F) -> F:
    """`with_appcontext`, and the command's writes committed once at its end; an exception (an exit
    too) rolls them back. A long import commits its batches through its runner (see cli.imports)."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        with unit_of_work(db.session()):
            return command(*args, **kwargs)

    return with_appcontext(run)  # type: ignore[return-value]
