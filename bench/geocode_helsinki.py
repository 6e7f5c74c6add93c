"""Benchmark: build the Helsinki gazetteer, geocode every address of the derived CSV in varied forms.

Prints: share of answers within 25 m of the true point, answers claiming address precision that are
more than 200 m off, and offline throughput. Run: python bench/geocode_helsinki.py [--database URL]

Truth: an address (street + number) can be carried by several OSM objects (a building and the shops
inside it); an answer is measured against the nearest object carrying exactly that address. The
stricter figure against each row's own object is printed too.
"""

from __future__ import annotations

import argparse
import csv
import random
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from cameramap.config import parse
from cameramap.domain.geo import Point
from cameramap.geocoding.base import Precision
from cameramap.geocoding.normalize import housenumber_key, street_keys
from cameramap.services import geocoding
from cameramap.storage.database import make_engine, upgrade

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "helsinki"
ABBREVIATIONS = (("katu", "k."), ("tie", "t."), ("kuja", "kj."))
CONFIG = parse({"GEOCODER_MIN_SCORE": 0.75})


EDITS = ("dropped", "doubled", "swapped", "replaced")


def typo(word: str, rng: random.Random, kind: str | None = None) -> str:
    """One edit of the street name (a letter dropped, doubled, two swapped, one replaced), never of
    its first letter; `kind` None: any of them, or an inserted letter."""
    letters = "abcdefghijklmnoprstuvyäö"
    i = rng.randrange(1, len(word) - 1)
    kind = kind or rng.choice(("replaced", "dropped", "inserted", "swapped"))
    if kind == "replaced":
        return word[:i] + rng.choice([c for c in letters if c != word[i].lower()]) + word[i + 1:]
    if kind == "dropped":
        return word[:i] + word[i + 1:]
    if kind == "doubled":
        return word[:i] + word[i] + word[i:]
    if kind == "inserted":
        return word[:i] + rng.choice(letters) + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def abbreviate(street: str) -> str:
    for long, short in ABBREVIATIONS:
        if street.endswith(long):
            return street[: -len(long)] + short
    return street


def forms(row: dict[str, str], rng: random.Random, typos: int = 3) -> list[tuple[str, str]]:
    """(form, query) pairs for one address; `typos` queries per kind of misspelling."""
    street, number = row["addr_street"], row["addr_housenumber"]
    postcode, city = row["addr_postcode"] or "00100", row["addr_city"] or "Helsinki"
    queries = [
        ("as written", f"{street} {number}"),
        ("lower case, postcode and city", f"{street.lower()} {number}, {postcode} {city.lower()}"),
        ("abbreviated street type, city", f"{abbreviate(street)} {number}, {city}"),
        ("postcode only, no comma", f"{street} {number} {postcode}"),
        ("upper case, extra city", f"{street.upper()} {number} HELSINKI HELSINKI"),
        ("one typo in the street, city", f"{typo(street, rng)} {number}, {city}"),
        ("postcode and city first", f"{postcode} {city}, {street} {number}"),
        ("postcode first, no city", f"{postcode}, {street} {number}"),
    ]
    for kind in EDITS:
        queries += [(f"a letter {kind}, city", f"{typo(street, rng, kind)} {number}, {city}")
                    for _ in range(typos)]
        queries.append((f"a letter {kind}, no city", f"{typo(street, rng, kind)} {number}"))
    return queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="SQLAlchemy URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    url = args.database or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    engine = make_engine(url)
    upgrade(engine)
    from sqlalchemy.orm import Session

    with Session(engine) as session:
        started = time.perf_counter()
        summary = geocoding.build_gazetteer(session, DATA / "Helsinki.osm.pbf", force=True)
        print(f"build: {summary.addresses} addresses, {summary.streets} street lines, "
              f"{summary.places} places in {time.perf_counter() - started:.2f} s")
        run(session)


def run(session) -> None:
    with open(DATA / "helsinki_addresses_DERIVED.csv", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["addr_street"] and r["addr_housenumber"]]
    truth: dict[tuple, list[Point]] = defaultdict(list)
    for r in rows:
        truth[(street_keys(r["addr_street"])[0], housenumber_key(r["addr_housenumber"]))].append(
            Point(float(r["lon"]), float(r["lat"])))
    rng = random.Random(4)
    queries = [(r, name, text) for r in rows for name, text in forms(r, rng)]
    started = time.perf_counter()
    answers = [geocoding.forward(session, text, CONFIG) for _, _, text in queries]
    per_request = time.perf_counter() - started
    started = time.perf_counter()
    batch = geocoding.forward_many(session, [text for _, _, text in queries], CONFIG)
    batched = time.perf_counter() - started
    assert [a.to_dict() for a in answers] == [b.to_dict() for b in batch]
    report(queries, answers, truth)
    print(f"throughput, one request per address (service incl. build-id check): "
          f"{len(queries) / per_request:,.0f} addresses/s")
    print(f"throughput, a batch as the importer sends it: {len(queries) / batched:,.0f} addresses/s")


def report(queries, answers, truth) -> None:
    near, strict, wrong, total = Counter(), Counter(), Counter(), Counter()
    precisions = Counter()
    for (row, form, text), result in zip(queries, answers, strict=True):
        total[form] += 1
        if result.best is None:
            precisions["no match"] += 1
            continue
        best = result.best
        precisions[best.precision.value] += 1
        points = truth[(street_keys(row["addr_street"])[0], housenumber_key(row["addr_housenumber"]))]
        distance = min(best.point.distance_m(p) for p in points)
        own = best.point.distance_m(Point(float(row["lon"]), float(row["lat"])))
        near[form] += distance <= 25
        strict[form] += own <= 25
        if best.precision is Precision.ADDRESS and distance > 200:
            wrong[form] += 1
            print(f"  address answer {distance:.0f} m off: {text!r} -> {best.label}")
    print(f"{len(queries)} queries: {len(total)} forms of {total['as written']} addresses with street and "
          "number (several misspellings of each kind per address)")
    for form in total:
        print(f"  {form:34s} n={total[form]:5d} within 25 m {100 * near[form] / total[form]:6.2f}%   "
              f"(row's own object {100 * strict[form] / total[form]:6.2f}%)   "
              f"address >200 m off {wrong[form]}")
    n = sum(total.values())
    print(f"within 25 m of the true point: {100 * sum(near.values()) / n:.2f}%")
    print(f"within 25 m of the row's own object (strict): {100 * sum(strict.values()) / n:.2f}%")
    print(f"address-precision answers more than 200 m off: {sum(wrong.values())}")
    print(f"precision of answers: {dict(precisions)}")


if __name__ == "__main__":
    main()
