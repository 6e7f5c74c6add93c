"""Built-in keyword rules: what words like ALPR, ANPR, red light or speed camera say about a camera."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..domain.records import ClaimRecord


@dataclass(frozen=True, slots=True)
class Rule:
    pattern: re.Pattern[str]
    fields: tuple[tuple[str, str], ...]  # model field -> value, filled when unset
    capability: str | None = None
    confidence: str = "likely"


def _rule(words: str, fields: dict[str, str], capability: str | None = None,
          confidence: str = "likely") -> Rule:
    return Rule(re.compile(words, re.I), tuple(fields.items()), capability, confidence)


RULES = (
    _rule(r"\b(alpr|anpr|lpr|plate reader|number[- ]?plate|licen[cs]e[- ]?plate|kennzeichen|flock safety)",
          {"surveillance_type": "ALPR", "surveillance_zone": "traffic"}, "licence_plate_recognition"),
    _rule(r"red[- ]?light|\brlc\b|speed|radar|section control|average speed|photo enforcement|blitzer"
          r"|traffic enforcement|камер[аы] фиксации|скорост",
          {"surveillance_type": "camera", "surveillance_zone": "traffic"}, "licence_plate_recognition"),
    _rule(r"\bptz\b|pan[- ]?tilt|panning|revolving", {"camera_type": "panning"}, "ptz_zoom"),
    _rule(r"\bdome\b", {"camera_type": "dome"}),
    _rule(r"face recognition|facial recognition|gesichtserkennung|распознавани[ея] лиц",
          {}, "face_recognition", "claimed"),
    _rule(r"infra-?red|night vision|\bir\b", {}, "night_vision", "claimed"),
    _rule(r"gunshot|shotspotter", {"surveillance_type": "gunshot_detector"}),
    _rule(r"webcam", {"surveillance_type": "webcam"}),
)


@lru_cache(maxsize=256)
def words(text: str) -> str:
    """A title as words: `Red_Light_Camera_Locations`, `RedLightCameras`, `rlc-locations` -> spaced
    (for file names; cell texts are matched as they are)."""
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)
    return re.sub(r"[_\-.]+", " ", text)


@lru_cache(maxsize=8192)
def matching_rules(text: str) -> tuple[Rule, ...]:
    return tuple(rule for rule in RULES if rule.pattern.search(text))


Fills = tuple[tuple[str, str], ...]


@lru_cache(maxsize=8192)
def _keyword_plan(texts: tuple[tuple[str, str], ...],
                  evidence_kind: str) -> tuple[Fills, tuple[ClaimRecord, ...]]:
    """What (label, text) pairs say, worked out once per distinct texts: the value each field takes
    when unset (the first rule's) and the claims, one per capability (the first rule's)."""
    fills: dict[str, str] = {}
    claims: dict[str, ClaimRecord] = {}
    for label, text in texts:
        for rule in matching_rules(words(text) if label == "dataset" else text):
            for name, value in rule.fields:
                fills.setdefault(name, value)
            if rule.capability and rule.capability not in claims:
                claims[rule.capability] = ClaimRecord(rule.capability, rule.confidence, evidence_kind,
                                                      f"{label}: {text[:200]}")
    return tuple(fills.items()), tuple(claims.values())


def apply_keywords(fields: dict[str, object], texts: list[tuple[str, str]], evidence_kind: str) -> None:
    """Fill unset fields and add claims for every rule matching one of (label, text)."""
    claims: list[ClaimRecord] = fields.setdefault("claims", [])  # type: ignore[assignment]
    fills, found = _keyword_plan(tuple(texts), evidence_kind)
    for name, value in fills:
        if not fields.get(name):
            fields[name] = value
    if found:
        have = {c.capability for c in claims}
        claims.extend(c for c in found if c.capability not in have)
