"""Load documented operator facts (vendors, operators, claims, documents, contracts, technology with no
place, vendor partnerships) from a YAML file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session

from ...domain.errors import UsageError
from ...domain.records import Actor
from ...storage.accountability import Contract, OperatorDocument
from ...storage.models import CapabilityClaim, Operator, Vendor
from ...storage.technology import TechnologyClaim, VendorPartnership
from ..registry.cameras import operator_named
from . import records, technology
from .tally import tally

OPERATOR_KEYS = {"name", "claims", "documents", "contracts", "technology", *records.OPERATOR_FIELDS}
VENDOR_KEYS = {"name", "kind", "maker", "country", "website", "notes", "documents", "technology"}
SECTIONS = ("vendors", "partnerships", "operators")
REASON = "loaded from an operator file"
CLAIM_KEY = ("technology", "vendor", "since")  # what makes a technology claim one (with its subject)
# The records a file writes, by the name SeedSummary counts them under.
KINDS: dict[type, str] = {Vendor: "vendors", Operator: "operators", CapabilityClaim: "claims",
                          OperatorDocument: "documents", Contract: "contracts", TechnologyClaim: "technology",
                          VendorPartnership: "partnerships"}
PACKAGE = Path(__file__).resolve().parents[2]


def bundled_operator_files() -> list[Path]:
    """The operator files shipped with cameramap (data/operators/: inside an installed wheel, or at the
    top of a source checkout), in name order."""
    inside = PACKAGE / "data" / "operators"
    folder = inside if inside.is_dir() else PACKAGE.parent / "data" / "operators"
    return sorted(folder.glob("*.yaml"))


@dataclass
class SeedSummary:
    """Entries the file lists (vendors ... partnerships), `changed`: operator records and operator
    technology claims it changed (each a revision); `added` and `updated`: the rows it inserted and the
    existing rows it changed, by the same names (a re-run adds and updates nothing)."""

    vendors: int = 0
    operators: int = 0
    changed: int = 0
    claims: int = 0
    documents: int = 0
    contracts: int = 0
    technology: int = 0
    partnerships: int = 0
    errors: list[str] = field(default_factory=list)
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)


def read_seed(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise UsageError(f"cannot read {path}: {err}", parameter="path") from None
    if not isinstance(data, dict) or set(data) - set(SECTIONS):
        raise UsageError("the file must hold `vendors`, `partnerships` and/or `operators` lists",
                         parameter="path")
    return data


def _entries(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    entries = data.get(key) or []
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise UsageError(f"`{key}` must be a list of mappings", parameter=key)
    return entries


def _items(entry: dict[str, Any], key: str) -> list[Any]:
    items = entry.get(key) or []
    if not isinstance(items, list):
        raise UsageError(f"`{key}` must be a list", parameter=key)
    return items


class _Errors:
    """Per-entry errors: each bad entry is named (section, position, name) with its reason."""

    def __init__(self, summary: SeedSummary) -> None:
        self.summary = summary

    def run(self, where: str, step: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return step(*args, **kwargs)
        except UsageError as err:
            self.summary.errors.append(f"{where}: {err.message}")
        except (TypeError, KeyError, AttributeError) as err:
            self.summary.errors.append(f"{where}: incomplete or malformed entry ({err})")
        return None


def _operator(session: Session, entry: dict[str, Any], actor: Actor, summary: SeedSummary) -> Any:
    unknown = sorted(set(entry) - OPERATOR_KEYS)
    if unknown:
        raise UsageError(f"unknown operator key {unknown[0]!r}", parameter=unknown[0])
    operator = operator_named(session, entry.get("name"))
    if operator is None:
        raise UsageError("every operator needs a name", parameter="name")
    summary.operators += 1
    fields = {k: v for k, v in entry.items() if k in records.OPERATOR_FIELDS}
    summary.changed += records.update_operator(session, operator.id, fields, actor, REASON)
    for claim in _items(entry, "claims"):
        records.add_operator_claim(session, operator.id, **claim)
        summary.claims += 1
    for document in _items(entry, "documents"):
        document = dict(technology.check_keys(document, {*technology.DOCUMENT_KEYS, "vendor"}, "document"))
        records.add_document(session, operator.id, document.pop("kind"), document.pop("title"), **document)
        summary.documents += 1
    for contract in _items(entry, "contracts"):
        contract = dict(contract)
        records.add_contract(session, operator.id, contract.pop("title"), **contract)
        summary.contracts += 1
    return operator


def _vendor(session: Session, entry: dict[str, Any], summary: SeedSummary) -> Any:
    entry = dict(technology.check_keys(entry, VENDOR_KEYS, "vendor"))
    entry.pop("documents", None), entry.pop("technology", None)
    vendor = records.ensure_vendor(session, entry.pop("name", None), **entry)
    summary.vendors += 1
    return vendor


def _technology(session: Session, entries: list[tuple[str, Any, dict[str, Any]]], actor: Actor,
                errors: _Errors) -> None:
    """Documents about vendors alone, then every technology claim (its evidence names those documents)."""
    summary = errors.summary
    for where, vendor, entry in entries:
        if isinstance(vendor, Vendor):
            for i, document in enumerate(errors.run(where, _items, entry, "documents") or []):
                if errors.run(f"{where} documents[{i}]", technology.add_vendor_document,
                              session, vendor, document):
                    summary.documents += 1
    seen: set[Any] = set()
    for where, subject, entry in entries:
        if subject is None:
            continue
        owner = {"vendor": subject} if isinstance(subject, Vendor) else {"operator_id": subject.id}
        for i, claim in enumerate(errors.run(where, _items, entry, "technology") or []):
            key = (where, *(str(claim.get(k)) for k in CLAIM_KEY)) if isinstance(claim, dict) else i
            if key in seen:
                summary.errors.append(f"{where} technology[{i}]: repeats an earlier claim of the same "
                                      "technology, vendor and since")
                continue
            seen.add(key)
            changed = errors.run(f"{where} technology[{i}]", technology.add_technology_claim,
                                 session, claim, actor, reason=REASON, **owner)
            summary.technology += changed is not None
            summary.changed += bool(changed) and "operator_id" in owner


def load_seed(session: Session, path: str | Path) -> SeedSummary:
    """Create or update everything the file names, in the caller's unit of work; a re-run changes nothing.

    Every bad entry is reported (section, position and name, with the reason) and the whole file is refused:
    UsageError lists them all and nothing the file wrote is kept."""
    data = read_seed(Path(path))
    actor = Actor("import", Path(path).name)
    summary = SeedSummary()
    errors = _Errors(summary)
    sections = {key: _entries(data, key) for key in SECTIONS}
    try:
        with session.begin_nested(), tally(session, KINDS) as written:
            _load(session, sections, actor, errors)
        summary.added, summary.updated = dict(written.added), dict(written.updated)
    except _Refused:
        lines = "\n  ".join(summary.errors)
        count = f"{len(summary.errors)} bad {'entry' if len(summary.errors) == 1 else 'entries'}"
        raise UsageError(f"{count}, nothing loaded:\n  {lines}", parameter="path") from None
    return summary


class _Refused(Exception):
    """Some entries were bad: the savepoint is rolled back."""


def _load(session: Session, sections: dict[str, list[dict[str, Any]]], actor: Actor, errors: _Errors) -> None:
    summary = errors.summary
    subjects: list[tuple[str, Any, dict[str, Any]]] = []
    for i, entry in enumerate(sections["vendors"]):
        where = f"vendors[{i}] ({entry.get('name')})"
        subjects.append((where, errors.run(where, _vendor, session, entry, summary), entry))
    for i, entry in enumerate(sections["operators"]):
        where = f"operators[{i}] ({entry.get('name')})"
        subjects.append((where, errors.run(where, _operator, session, entry, actor, summary), entry))
    _technology(session, subjects, actor, errors)
    for i, entry in enumerate(sections["partnerships"]):
        where = f"partnerships[{i}] ({entry.get('vendor')} – {entry.get('partner')})"
        summary.partnerships += errors.run(where, technology.add_partnership, session, entry) is not None
    if summary.errors:
        raise _Refused
    records.link_claim_vendors(session)
