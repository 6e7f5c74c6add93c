"""Export builds: who builds which dump, until when (a lease), and when the last one started and ended."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base


class ExportBuild(Base):
    """One row per dump name. A builder owns the row while `lease_until` is in the future."""

    __tablename__ = "export_builds"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    owner: Mapped[str | None] = mapped_column(String(120))
    lease_until: Mapped[datetime | None]
    version: Mapped[str | None] = mapped_column(String(64))  # the registry version built (or being built)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
