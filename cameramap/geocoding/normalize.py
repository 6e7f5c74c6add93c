"""Address text normalisation: case, accents, punctuation, abbreviations in several languages."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Cyrillic -> Latin (a simple, lossy scheme: both the index and the query go through it).
_CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r",
     "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "iu", "ia"], strict=True))

# Whole words, with or without a full stop -> one spelling (index and query alike).
WORDS = {
    "st": "street", "str": "strasse", "ave": "avenue", "av": "avenue", "rd": "road",
    "blvd": "boulevard", "bd": "boulevard", "dr": "drive", "ln": "lane", "ct": "court",
    "pl": "place", "sq": "square", "hwy": "highway", "pkwy": "parkway", "ter": "terrace",
    "cres": "crescent", "hts": "heights", "mt": "mount", "ft": "fort",
    "n": "north", "s": "south", "e": "east", "w": "west",
    "ul": "ulitsa", "pr": "prospekt", "prosp": "prospekt", "per": "pereulok", "sh": "shosse",
    "nab": "naberezhnaia", "bul": "bulvar",
}
# Abbreviated endings of compound street names (Finnish, Swedish, German), only with a full stop:
# "Annank." -> "annankatu", "Mannerheimint." -> "mannerheimintie", "Drottningg." -> "drottninggatan".
SUFFIXES = {"k": "katu", "t": "tie", "kj": "kuja", "g": "gatan", "v": "vagen", "gr": "granden",
            "str": "strasse"}
# Standalone street-type words, dropped to make the "core" of a name ("Tverskaya ulitsa" ~ "Tverskaya").
TYPE_WORDS = frozenset({
    "street", "avenue", "road", "boulevard", "drive", "lane", "court", "place", "square", "highway",
    "parkway", "terrace", "crescent", "way", "ulitsa", "prospekt", "pereulok", "shosse", "ploshchad",
    "naberezhnaia", "bulvar", "proezd", "katu", "tie", "kuja", "polku", "tori", "aukio", "gatan",
    "vagen", "granden", "strasse", "rue", "calle", "via", "avenida", "straat",
})
# Words that join the two streets of an intersection ("A x B", "A & B", "A and B", "A / B", "A at B").
CROSS_WORDS = frozenset({"x", "&", "/", "and", "at", "ja", "och", "und", "et", "y", "i"})

_TOKEN = re.compile(
    r"(?P<range>\d+\s?[-–]\s?\d+)|(?P<num>\d+[^\W\d_]*)|(?P<word>[^\W\d_]+\.?)|(?P<sep>[,;&/])"
)
HOUSE_NUMBER = re.compile(r"^\d+[a-z]?$|^\d+-\d+$")


_TRANSLIT = str.maketrans(_CYRILLIC)


@lru_cache(maxsize=65_536)
def fold(text: str) -> str:
    """Lower case, accents removed, Cyrillic transliterated, whitespace collapsed."""
    if text.isascii():
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(plain.translate(_TRANSLIT).split())


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # word | num | range | sep
    text: str
    dotted: bool = False


def tokenize(text: str) -> list[Token]:
    """Tokens of folded text: words (a trailing full stop remembered), numbers, ranges, separators."""
    tokens = []
    for match in _TOKEN.finditer(fold(text)):
        kind = match.lastgroup or "word"
        value = match.group()
        dotted = value.endswith(".")
        value = value.rstrip(".")
        if kind == "range":
            value = re.sub(r"\s?[-–]\s?", "-", value)
        tokens.append(Token(kind, value, dotted))
    return tokens


def expand_word(token: Token) -> str:
    """One canonical spelling for a street word: whole-word abbreviations, then dotted endings."""
    word = token.text
    if word in WORDS:
        return WORDS[word]
    if token.dotted:
        for short in sorted(SUFFIXES, key=len, reverse=True):
            if word.endswith(short) and len(word) > len(short) + 2:
                return word[: -len(short)] + SUFFIXES[short]
        if word in SUFFIXES:
            return SUFFIXES[word]
    return word


def words_of(tokens: list[Token]) -> list[str]:
    return [expand_word(t) for t in tokens if t.kind in ("word", "num")]


def compact(words: list[str]) -> str:
    """The matching key: canonical words without spaces ("Alvar Aallon katu" = "Alvar Aallonkatu")."""
    return "".join(words)


def core(words: list[str]) -> str:
    """The key without standalone street-type words; '' when nothing would change."""
    kept = [w for w in words if w not in TYPE_WORDS]
    return "".join(kept) if kept and len(kept) < len(words) else ""


@lru_cache(maxsize=65_536)
def street_keys(name: str) -> tuple[str, str]:
    """(full key, core key) of a street name as stored in the gazetteer."""
    words = words_of(tokenize(name))
    return compact(words), core(words)


def abbreviated_keys(key: str) -> list[str]:
    """Extra index keys for undotted abbreviations of a compound ending ("annankatu" -> "annank")."""
    return [key[: -len(long)] + short for short, long in SUFFIXES.items()
            if key.endswith(long) and len(key) > len(long) + 2]


def housenumber_key(text: str | None) -> str | None:
    """'5 A' -> '5a', '14B' -> '14b', '15 - 17' -> '15-17', '2, 2. krs' -> '2'; None if no number."""
    if not text:
        return None
    folded = fold(text)
    match = re.match(r"\s*(\d+)\s*(?:([-–])\s*(\d+)|([a-z])(?![a-z]))?", folded)
    if not match:
        return None
    number, dash, upper, letter = match.groups()
    if dash:
        return f"{int(number)}-{int(upper)}"
    return f"{int(number)}{letter or ''}"


def leading_number(key: str | None) -> int | None:
    match = re.match(r"\d+", key or "")
    return int(match.group()) if match else None
