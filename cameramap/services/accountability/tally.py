"""What a block of writes added and what it changed, by kind of record, as the session flushes them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session


@dataclass
class Tally:
    """Rows of the watched models a block inserted (`added`) and existing rows it changed (`updated`),
    each counted once under its kind's name; a row set to the values it had is not counted."""

    kinds: Mapping[type, str]
    _added: dict[Any, str] = field(default_factory=dict)  # the instances themselves: kept alive, never
    _updated: dict[Any, str] = field(default_factory=dict)  # confused with a later object at the same id

    @property
    def added(self) -> Counter[str]:
        return Counter(self._added.values())

    @property
    def updated(self) -> Counter[str]:
        return Counter(kind for key, kind in self._updated.items() if key not in self._added)

    def _before_flush(self, session: Session, _context: Any, _instances: Any) -> None:
        for instance in session.new:
            if (kind := self.kinds.get(type(instance))) is not None:
                self._added[instance] = kind
        for instance in session.dirty:
            kind = self.kinds.get(type(instance))
            if kind is not None and session.is_modified(instance):
                self._updated[instance] = kind


@contextmanager
def tally(session: Session, kinds: Mapping[type, str]) -> Iterator[Tally]:
    """Count what the block writes through `session` of the models in `kinds` (model -> kind name);
    read the counts once the block has flushed (the objects stay in the session meanwhile)."""
    counts = Tally(kinds)
    event.listen(session, "before_flush", counts._before_flush)
    try:
        yield counts
        session.flush()
    finally:
        event.remove(session, "before_flush", counts._before_flush)
