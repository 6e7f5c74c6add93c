"""Browser side of the scale benchmark: headless Chromium times the map's first cameras and pan redraws."""

from __future__ import annotations

import http.client
import statistics

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOADED = "() => window.cameramap && window.cameramap.state.loads > 0 && !window.cameramap.state.loading"
PAN = """async ([dx, dy]) => {
  const s = window.cameramap.state, before = s.loads, t0 = performance.now();
  window.cameramap.getMap().panBy([dx, dy], {animate: false});
  while (s.loads === before || s.loading) { await new Promise(r => setTimeout(r, 2)); }
  return {ms: s.drawnAt - t0, features: s.featureCount, clustered: s.clustered};
}"""


def page_size(port: int) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/")
    return len(conn.getresponse().read())


def timings(port: int, centre: tuple[float, float], zooms=(8, 12, 16), pans: int = 6) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    base = f"http://127.0.0.1:{port}/"
    results: dict[str, object] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            for zoom in zooms:
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                page.goto(f"{base}#{zoom}/{centre[1]}/{centre[0]}")
                page.wait_for_function(LOADED, timeout=60_000)
                state = page.evaluate("() => window.cameramap.state")
                moves = [
                    page.evaluate(PAN, [420 if i % 2 == 0 else -300, 160 if i % 3 else -220])
                    for i in range(pans)
                ]
                ms = sorted(m["ms"] for m in moves)
                results[f"z{zoom}"] = {
                    "first_drawn_ms": round(state["drawnAt"], 1),
                    "features": state["featureCount"],
                    "clustered": state["clustered"],
                    "cameras": state["numberMatched"],
                    "pan_median_ms": round(statistics.median(ms), 1),
                    "pan_max_ms": round(ms[-1], 1),
                }
                page.close()
        finally:
            browser.close()
    return results
