"""Read queries of deployments: a place (bounds overlap), a time window (overlap), operators, statuses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, selectinload

from ..domain.deployments import as_utc
from ..domain.geo import BBox
from .deployments import Deployment
from .models import Operator

MAX_ID = 2**31 - 1
LOADING = (selectinload(Deployment.operator), selectinload(Deployment.source))


@dataclass(frozen=True, slots=True)
class DeploymentFilter:
    """What a deployment search asks; an open time end is None. Values within a field are alternatives."""

    bbox: BBox | None = None
    start: datetime | None = None
    end: datetime | None = None
    operators: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()


def _conditions(wanted: DeploymentFilter) -> list[ColumnElement[bool]]:
    """Deployments whose place overlaps the bbox and whose window meets [start, end] (bounds included)."""
    d = Deployment
    where: list[ColumnElement[bool]] = []
    if wanted.bbox is not None:
        box = wanted.bbox
        where += [d.west <= box.east, d.east >= box.west, d.south <= box.north, d.north >= box.south]
    if wanted.end is not None:
        where.append(d.starts_at <= as_utc(wanted.end))
    if wanted.start is not None:
        where.append(d.ends_at >= as_utc(wanted.start))
    if wanted.operators:
        where.append(d.operator_id.in_(select(Operator.id).where(Operator.name.in_(wanted.operators))))
    if wanted.statuses:
        where.append(d.status.in_(wanted.statuses))
    return where


def search(session: Session, wanted: DeploymentFilter, limit: int,
           offset: int = 0) -> tuple[list[Deployment], int]:
    """A page of matching deployments (earliest start first) and how many match in all."""
    conditions = _conditions(wanted)
    matched = session.scalar(select(func.count()).select_from(Deployment).where(*conditions)) or 0
    page = session.scalars(select(Deployment).where(*conditions).options(*LOADING)
                           .order_by(Deployment.starts_at, Deployment.id).limit(limit).offset(offset))
    return list(page), matched


def detail(session: Session, ident: int) -> Deployment | None:
    if not 0 < ident <= MAX_ID:
        return None
    return session.scalar(select(Deployment).where(Deployment.id == ident)
                          .options(*LOADING, selectinload(Deployment.revisions)))


VIEWING = ("reported", "verified", "disputed")  # a removed record watches nobody


def active_at(session: Session, moment: datetime) -> list[Deployment]:
    """Placed deployments, not removed, whose window holds the instant (start included, end not)."""
    at = as_utc(moment)
    d = Deployment
    return list(session.scalars(select(d).where(
        d.starts_at <= at, d.ends_at > at, d.location_status == "placed", d.lon.is_not(None),
        d.status.in_(VIEWING)).options(selectinload(d.operator)).order_by(d.id)))
