"""Load documented operator facts (vendors, operators, claims, documents, contracts) from a YAML file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session

from ...domain.errors import UsageError
from ...domain.records import Actor
from ..registry.cameras import operator_named
from . import records

OPERATOR_KEYS = {"name", "claims", "documents", "contracts", *records.OPERATOR_FIELDS}


@dataclass
class SeedSummary:
    vendors: int = 0
    operators: int = 0
    changed: int = 0
    claims: int = 0
    documents: int = 0
    contracts: int = 0


def read_seed(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise UsageError(f"cannot read {path}: {err}", parameter="path") from None
    if not isinstance(data, dict) or set(data) - {"vendors", "operators"}:
        raise UsageError("the file must hold `vendors` and/or `operators` lists", parameter="path")
    return data


def _entries(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    entries = data.get(key) or []
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise UsageError(f"`{key}` must be a list of mappings", parameter=key)
    return entries


def _operator(session: Session, entry: dict[str, Any], actor: Actor, summary: SeedSummary) -> None:
    unknown = sorted(set(entry) - OPERATOR_KEYS)
    if unknown:
        raise UsageError(f"unknown operator key {unknown[0]!r}", parameter=unknown[0])
    operator = operator_named(session, entry.get("name"))
    if operator is None:
        raise UsageError("every operator needs a name", parameter="name")
    summary.operators += 1
    fields = {k: v for k, v in entry.items() if k in records.OPERATOR_FIELDS}
    summary.changed += records.update_operator(session, operator.id, fields, actor, "loaded from a seed file")
    for claim in entry.get("claims") or []:
        records.add_operator_claim(session, operator.id, **claim)
        summary.claims += 1
    for document in entry.get("documents") or []:
        document = dict(document)
        records.add_document(session, operator.id, document.pop("kind"), document.pop("title"), **document)
        summary.documents += 1
    for contract in entry.get("contracts") or []:
        contract = dict(contract)
        records.add_contract(session, operator.id, contract.pop("title"), **contract)
        summary.contracts += 1


def load_seed(session: Session, path: str | Path) -> SeedSummary:
    """Create or update everything the file names, in the caller's unit of work; a re-run changes nothing."""
    data = read_seed(Path(path))
    actor = Actor("import", Path(path).name)
    summary = SeedSummary()
    try:
        for vendor in _entries(data, "vendors"):
            vendor = dict(vendor)
            records.ensure_vendor(session, vendor.pop("name", None), **vendor)
            summary.vendors += 1
        for entry in _entries(data, "operators"):
            _operator(session, entry, actor, summary)
        records.link_claim_vendors(session)
    except (TypeError, KeyError) as err:
        message = f"a seed entry is incomplete or has an unknown key: {err}"
        raise UsageError(message, parameter="path") from None
    return summary
