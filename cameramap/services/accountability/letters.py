"""Fill the access-request letters (templates/letters/<kind>.txt) for an operator and maybe a camera."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import jinja2
from jinja2 import meta
from sqlalchemy.orm import Session

from ...domain.errors import NotFound
from ...domain.letters import (
    LetterFields,
    LetterKind,
    free_text,
    letter_kind,
    moment_text,
    observed_date,
    observed_time,
    today_text,
)
from ...storage.models import Camera, Operator

PACKAGE = Path(__file__).resolve().parents[2]


def letters_folder() -> Path:
    """Installed wheels carry templates inside the package; a checkout keeps them at the top."""
    inside = PACKAGE / "templates" / "letters"
    return inside if inside.is_dir() else PACKAGE.parent / "templates" / "letters"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """Plain text, every variable required (a missing one is a bug, not an empty line)."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(letters_folder()), autoescape=False,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def template_fields(kind: LetterKind) -> set[str]:
    """The variables a letter template uses."""
    env = environment()
    source = env.loader.get_source(env, f"{kind.key}.txt")[0]  # type: ignore[union-attr]
    return meta.find_undeclared_variables(env.parse(source))


def render(kind: LetterKind, fields: LetterFields) -> str:
    return environment().get_template(f"{kind.key}.txt").render(fields.context())


@dataclass(frozen=True, slots=True)
class LetterRequest:
    """What the requester typed (all optional) and which letter they want."""

    kind: str | None = None
    camera_id: int | None = None
    date: str | None = None
    time: str | None = None
    place: str | None = None
    name: str | None = None
    address: str | None = None
    email: str | None = None
    law: str | None = None


@dataclass(frozen=True, slots=True)
class Letter:
    kind: LetterKind
    fields: LetterFields
    text: str
    camera: Camera | None


def find_camera(session: Session, operator: Operator, camera_id: int | None) -> Camera | None:
    """The operator's camera the letter is about; NotFound when it is not theirs."""
    if camera_id is None:
        return None
    camera = session.get(Camera, camera_id)
    if camera is None or camera.operator_id != operator.id:
        raise NotFound(f"operator {operator.id} has no camera {camera_id}", parameter="camera")
    return camera


def build_fields(operator: Operator, camera: Camera | None, wanted: LetterRequest, site: str,
                 now: datetime | None = None) -> LetterFields:
    """The letter's fields from the operator's record, the camera and the requester's input.

    `site` is the absolute root URL of this site, for the camera and operator links.
    """
    now = now or datetime.now(UTC)
    day = observed_date(wanted.date, now.date())
    observed_on, observed_at = moment_text(day, observed_time(wanted.time))
    return LetterFields(
        operator_name=operator.name, operator_contact=operator.access_contact,
        data_controller=operator.data_controller, legal_basis=operator.legal_basis,
        retention_period=operator.retention_period, operator_url=f"{site}/operators/{operator.id}",
        camera_id=str(camera.id) if camera else None,
        camera_url=f"{site}/cameras/{camera.id}" if camera else None,
        camera_lat=f"{camera.lat:.6f}" if camera else None,
        camera_lon=f"{camera.lon:.6f}" if camera else None,
        camera_description=free_text(wanted.place, "place"),
        observed_on=observed_on, observed_at=observed_at,
        requester_name=free_text(wanted.name, "name"),
        requester_address=free_text(wanted.address, "address", 600),
        requester_email=free_text(wanted.email, "email"),
        public_body_law=free_text(wanted.law, "law"), today=today_text(now),
    )


def letter_for(session: Session, operator_id: int, wanted: LetterRequest, site: str) -> Letter:
    """The filled letter; nothing the requester typed is stored or logged."""
    operator = session.get(Operator, operator_id)
    if operator is None:
        raise NotFound(f"no operator with id {operator_id}", parameter="id")
    kind = letter_kind(wanted.kind, operator.jurisdiction)
    camera = find_camera(session, operator, wanted.camera_id)
    fields = build_fields(operator, camera, wanted, site.rstrip("/"))
    return Letter(kind, fields, render(kind, fields), camera)
