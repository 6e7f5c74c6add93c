"""The demo: Helsinki's OpenStreetMap cameras and the operator files shipped with cameramap."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..storage.models import Operator
from .accountability.seed import SeedSummary, bundled_operator_files, load_seed
from .imports.demo import load_demo_cameras
from .imports.store import ImportSummary


@dataclass
class DemoSummary:
    """What the demo loaded: None/empty for a part the registry already held."""

    cameras: ImportSummary | None = None
    operator_files: dict[str, SeedSummary] = field(default_factory=dict)  # file name -> what it loaded


def load_demo_operators(session: Session) -> dict[str, SeedSummary]:
    """Load data/operators/ (London's and Moscow's documented operators, vendors and technology) as
    `cameramap operators load` does, when no operator is known yet; nothing on a camera is invented."""
    if session.scalar(select(Operator.id).limit(1)) is not None:
        return {}
    return {path.name: load_seed(session, path) for path in bundled_operator_files()}


def load_demo(session: Session, *, only_if_empty: bool = True) -> DemoSummary:
    """The Helsinki cameras (skipped when the registry holds cameras, unless not `only_if_empty`) and
    the operator files (skipped when an operator is known), in the caller's unit of work."""
    operators = load_demo_operators(session)
    return DemoSummary(load_demo_cameras(session, only_if_empty=only_if_empty), operators)
