"""Accountability figures of deployments: per month, hours, faces per true alert, false alerts, arrests."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ...domain.deployments import as_utc, zone
from ...domain.vocabulary import SourceKind
from ...storage.deployments import Deployment
from ...storage.models import Operator, Source

COUNTED = ("reported", "verified", "disputed")  # removed records are not counted
CSV_COLUMNS = ("month", "deployments", "hours", "faces_scanned", "true_alerts", "false_alerts", "arrests",
               "faces_per_true_alert", "false_alert_rate", "arrests_per_deployment")


def _sum(*values: int | None) -> int | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


@dataclass
class Tally:
    """Totals of a month (`month` YYYY-MM, local to each deployment's published zone) or of all months.

    Ratios use only the deployments that published both figures they divide, and are None without any.
    """

    month: str
    deployments: int = 0
    hours: float = 0.0
    faces_scanned: int = 0
    true_alerts: int = 0
    false_alerts: int = 0
    arrests: int = 0
    _faces_with_true: list[int] = field(default_factory=lambda: [0, 0])  # faces, true alerts
    _alerts_known: list[int] = field(default_factory=lambda: [0, 0])  # false, all
    _arrests_known: list[int] = field(default_factory=lambda: [0, 0])  # arrests, deployments

    def add(self, item: Deployment) -> None:
        true = _sum(item.true_alerts_confirmed, item.true_alerts_unconfirmed)
        false = _sum(item.false_alerts_confirmed, item.false_alerts_unconfirmed)
        self.deployments += 1
        self.hours += (as_utc(item.ends_at) - as_utc(item.starts_at)).total_seconds() / 3600
        self.faces_scanned += item.faces_scanned or 0
        self.true_alerts += true or 0
        self.false_alerts += false or 0
        self.arrests += item.arrests or 0
        if item.faces_scanned is not None and true is not None:
            self._faces_with_true[0] += item.faces_scanned
            self._faces_with_true[1] += true
        if true is not None and false is not None:
            self._alerts_known[0] += false
            self._alerts_known[1] += true + false
        if item.arrests is not None:
            self._arrests_known[0] += item.arrests
            self._arrests_known[1] += 1

    @property
    def faces_per_true_alert(self) -> float | None:
        faces, true = self._faces_with_true
        return round(faces / true, 1) if true else None

    @property
    def false_alert_rate(self) -> float | None:
        false, alerts = self._alerts_known
        return round(false / alerts, 4) if alerts else None

    @property
    def arrests_per_deployment(self) -> float | None:
        arrests, deployments = self._arrests_known
        return round(arrests / deployments, 3) if deployments else None

    def row(self) -> dict[str, object]:
        return {"month": self.month, "deployments": self.deployments, "hours": round(self.hours, 2),
                "faces_scanned": self.faces_scanned, "true_alerts": self.true_alerts,
                "false_alerts": self.false_alerts, "arrests": self.arrests,
                "faces_per_true_alert": self.faces_per_true_alert, "false_alert_rate": self.false_alert_rate,
                "arrests_per_deployment": self.arrests_per_deployment}


@dataclass
class Figures:
    months: list[Tally]
    total: Tally

    def to_dict(self) -> dict[str, object]:
        return {"months": [m.row() for m in self.months], "total": self.total.row()}

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for tally in [*self.months, self.total]:
            writer.writerow({k: "" if v is None else v for k, v in tally.row().items()})
        return out.getvalue()


def tally(items: Iterable[Deployment]) -> Figures:
    """The figures of these deployments, by the month of their local start, and in all."""
    months: dict[str, Tally] = {}
    total = Tally("total")
    for item in items:
        month = as_utc(item.starts_at).astimezone(zone(item.timezone)).strftime("%Y-%m")
        months.setdefault(month, Tally(month)).add(item)
        total.add(item)
    return Figures([months[k] for k in sorted(months)], total)


def deployment_figures(session: Session, operator_id: int | None = None) -> Figures:
    """Figures of the published deployments not removed, of one operator or of all (sightings from
    the public, whose source is of kind crowd, are observations, not the operator's records)."""
    public = select(Source.id).where(Source.kind == SourceKind.CROWD.value)
    statement = select(Deployment).where(Deployment.status.in_(COUNTED), or_(
        Deployment.source_id.is_(None), Deployment.source_id.not_in(public)))
    if operator_id is not None:
        statement = statement.where(Deployment.operator_id == operator_id)
    return tally(session.scalars(statement))


def figures_for(session: Session, operator: str | None) -> Figures:
    """Figures of one operator (by exact name; none: no deployments) or of all operators."""
    if operator is None:
        return deployment_figures(session)
    found = session.scalar(select(Operator.id).where(Operator.name == operator))
    return deployment_figures(session, found) if found is not None else tally([])
