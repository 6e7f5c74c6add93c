"""Benchmark: export a SYNTHETIC registry in every format: wall time and peak RSS of each export.

Imports `--rows` generated cameras (bench/import_csv.py's generator) into a fresh SQLite database,
then runs `cameramap export` once per format, each in a child process so that its own peak RSS is
measured, for the whole registry and for a bounding box over half of it.

    python bench/export.py [--rows 200000] [--distribution uniform|cities]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FORMATS = ("geojson", "csv", "gpkg", "kml")
HALF = "-180,-90,0,90"  # the western hemisphere: about half of the uniform distribution


def child(url: str, fmt: str, out: str, bbox: str) -> None:
    """Runs in a fresh process: one export, then its count and this process's peak RSS."""
    from import_csv import peak_rss_kib

    from cameramap import create_app
    from cameramap.domain.geo import BBox
    from cameramap.extensions import db
    from cameramap.services.exports.formats import export_cameras

    app = create_app({"DATABASE_URL": url, "AUTO_MIGRATE": False, "SECRET_KEY": "bench"})
    with app.app_context():
        started = time.perf_counter()
        area = bbox.removeprefix("bbox:")  # prefixed: argparse would read "-180,..." as an option
        count = export_cameras(db.session(), fmt, out, BBox.parse(area) if area else None)
        elapsed = time.perf_counter() - started
    print(f"{elapsed:.3f} {count} {peak_rss_kib()}")


def measure(url: str, fmt: str, out: Path, bbox: str) -> tuple[float, int, int]:
    result = subprocess.run([sys.executable, __file__, "--child", url, fmt, str(out), f"bbox:{bbox}"],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-2000:])
    elapsed, count, peak_kib = result.stdout.split()[-3:]
    return float(elapsed), int(count), int(peak_kib)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--distribution", choices=("uniform", "cities"), default="uniform")
    parser.add_argument("--child", nargs=4, metavar=("URL", "FORMAT", "OUT", "BBOX"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    from import_csv import generate, load

    with tempfile.TemporaryDirectory(prefix="cameramap-bench-") as tmp:
        csv_path, url = Path(tmp) / "synthetic.csv", f"sqlite:///{tmp}/bench.sqlite3"
        generate(csv_path, args.rows, distribution=args.distribution)
        seconds, _report = load(url, csv_path)
        print(f"imported {args.rows:,} SYNTHETIC cameras ({args.distribution}) in {seconds:.1f} s",
              flush=True)
        for label, bbox in (("all", ""), ("half", HALF)):
            for fmt in FORMATS:
                out = Path(tmp) / f"export.{fmt}"
                elapsed, count, peak_kib = measure(url, fmt, out, bbox)
                print(f"{label:4} {fmt:8} {count:9,} cameras {elapsed:7.1f} s  {count / elapsed:8,.0f} /s  "
                      f"{out.stat().st_size / 2**20:7,.0f} MiB file  peak RSS {peak_kib / 1024:5,.0f} MiB",
                      flush=True)
                out.unlink()


if __name__ == "__main__":
    sys.path[:0] = [str(HERE.parent), str(HERE)]
    main()
