"""Split an address query into street phrase(s), house number, postcode, locality or an intersection."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from .normalize import CROSS_WORDS, HOUSE_NUMBER, Token, compact, core, housenumber_key, tokenize, words_of


@dataclass(frozen=True, slots=True)
class StreetPhrase:
    words: tuple[str, ...]

    @property
    def key(self) -> str:
        return compact(list(self.words))

    @property
    def core(self) -> str:
        return core(list(self.words))


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    streets: tuple[StreetPhrase, ...] = ()  # alternatives, the one next to the house number first
    housenumber: str | None = None
    postcode: str | None = None
    locality: str | None = None  # key of a known locality named in the query
    cross: tuple[StreetPhrase, StreetPhrase] | None = None


def _segments(tokens: list[Token]) -> list[list[Token]]:
    segments: list[list[Token]] = [[]]
    for token in tokens:
        if token.kind == "sep" and token.text in ",;":
            segments.append([])
        else:
            segments[-1].append(token)
    return [s for s in segments if s]


def _strip_localities(segment: list[Token], localities: Collection[str]) -> tuple[list[Token], str | None]:
    """Remove known locality names (1-3 words) from either end of a segment, repeatedly."""
    found = None
    changed = True
    while changed and segment:
        changed = False
        for at_end, size in ((True, 3), (True, 2), (True, 1), (False, 3), (False, 2), (False, 1)):
            part = segment[-size:] if at_end else segment[:size]
            if len(part) == size and all(t.kind == "word" for t in part):
                key = compact([t.text for t in part])
                if key in localities:
                    found = found or key
                    segment = segment[:-size] if at_end else segment[size:]
                    changed = True
                    break
    return segment, found


def _cross(segment: list[Token]) -> tuple[StreetPhrase, StreetPhrase] | None:
    for i, token in enumerate(segment):
        if token.text in CROSS_WORDS and token.kind in ("word", "sep") and 0 < i < len(segment) - 1:
            left = words_of([t for t in segment[:i] if not _is_number(t)])
            right = words_of([t for t in segment[i + 1:] if not _is_number(t)])
            if left and right:
                return StreetPhrase(tuple(left)), StreetPhrase(tuple(right))
    return None


def _is_number(token: Token) -> bool:
    return token.kind == "range" or (token.kind == "num" and bool(HOUSE_NUMBER.match(token.text)))


def _number(segment: list[Token]) -> tuple[list[Token], str | None]:
    """(street tokens, house number): "Annankatu 5 A" or "3450 W 71st St"."""
    positions = [i for i, t in enumerate(segment) if _is_number(t)]
    if not positions:
        return segment, None
    if positions[0] == 0 and any(t.kind == "word" for t in segment[1:]):
        rest = [t for t in segment[1:] if not _is_number(t)]
        return rest, housenumber_key(segment[0].text)
    for i in positions:
        if i > 0 and segment[i - 1].kind == "word":
            number = segment[i].text
            after = segment[i + 1:]
            if after and after[0].kind == "word" and len(after[0].text) == 1 and segment[i].kind == "num" \
                    and (len(after) == 1 or after[1].kind != "word"):
                number += after[0].text
            return segment[:i], housenumber_key(number)
    return [t for t in segment if not _is_number(t)], None


def parse_query(text: str, localities: Collection[str] = (), postcodes: Collection[str] = ()) -> ParsedQuery:
    """Parse a free-form address; known localities and postcodes come from the gazetteer."""
    phrases: list[tuple[bool, StreetPhrase]] = []
    housenumber = postcode = locality = None
    cross = None
    tokens = tokenize(text)
    numbers = sum(t.kind == "num" and t.text.isdigit() for t in tokens)
    for segment in _segments(tokens):
        for token in [t for t in segment if t.kind == "num" and t.text.isdigit()]:
            if token.text in postcodes or (len(token.text) >= 5 and numbers > 1):
                postcode = postcode or token.text
                segment = [t for t in segment if t is not token]
        segment, named = _strip_localities(segment, localities)
        locality = locality or named
        if not any(t.kind == "word" for t in segment):
            continue
        crossing = _cross(segment)
        if crossing is not None:
            cross = cross or crossing
            continue
        street_tokens, number = _number(segment)
        words = words_of(street_tokens)
        if words:
            phrases.append((number is not None, StreetPhrase(tuple(words))))
        housenumber = housenumber or number
    phrases.sort(key=lambda item: not item[0])
    return ParsedQuery(tuple(p for _, p in phrases), housenumber, postcode, locality, cross)
