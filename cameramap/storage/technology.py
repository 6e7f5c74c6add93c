"""Technology that has no place (claims of an operator and/or a vendor) and dated vendor partnerships."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .accountability import OperatorDocument
from .models import Base, Operator, Vendor, utcnow

# The documents a claim or a partnership rests on (operator_documents: one record per document).
technology_evidence = Table(
    "technology_claim_documents", Base.metadata,
    Column("claim_id", Integer, ForeignKey("technology_claims.id", ondelete="CASCADE"), primary_key=True),
    Column("document_id", Integer, ForeignKey("operator_documents.id", ondelete="CASCADE"), primary_key=True),
)
partnership_evidence = Table(
    "vendor_partnership_documents", Base.metadata,
    Column("partnership_id", Integer, ForeignKey("vendor_partnerships.id", ondelete="CASCADE"),
           primary_key=True),
    Column("document_id", Integer, ForeignKey("operator_documents.id", ondelete="CASCADE"), primary_key=True),
)


class TechnologyClaim(Base):
    """An operator uses (or a vendor supplies) a technology with no place: status, since/until, evidence."""

    __tablename__ = "technology_claims"
    __table_args__ = (
        CheckConstraint("operator_id IS NOT NULL OR vendor_id IS NOT NULL", name="ck_technology_subject"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id", ondelete="CASCADE"),
                                                    index=True)
    vendor_id: Mapped[int | None] = mapped_column(ForeignKey("vendors.id"), index=True)
    technology: Mapped[str] = mapped_column(String(48))
    status: Mapped[str] = mapped_column(String(16))
    since: Mapped[str | None] = mapped_column(String(10))  # YYYY, YYYY-MM or YYYY-MM-DD
    until: Mapped[str | None] = mapped_column(String(10))
    summary: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    operator: Mapped[Operator | None] = relationship()
    vendor: Mapped[Vendor | None] = relationship()
    documents: Mapped[list[OperatorDocument]] = relationship(secondary=technology_evidence,
                                                             order_by="OperatorDocument.id")


class VendorPartnership(Base):
    """A dated link between two vendors (NtechLab with Genetec), resting on documents."""

    __tablename__ = "vendor_partnerships"
    __table_args__ = (CheckConstraint("vendor_id <> partner_id", name="ck_partnership_two_vendors"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", ondelete="CASCADE"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    since: Mapped[str | None] = mapped_column(String(10))  # announced; YYYY, YYYY-MM or YYYY-MM-DD
    until: Mapped[str | None] = mapped_column(String(10))
    summary: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    vendor: Mapped[Vendor] = relationship(foreign_keys=[vendor_id])
    partner: Mapped[Vendor] = relationship(foreign_keys=[partner_id])
    documents: Mapped[list[OperatorDocument]] = relationship(secondary=partnership_evidence,
                                                             order_by="OperatorDocument.id")
