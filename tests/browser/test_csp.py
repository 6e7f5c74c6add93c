"""The Content-Security-Policy in Chromium: every page runs with zero violations; framing obeys it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

pytestmark = pytest.mark.browser

# Installed before any page script: every violation the browser reports is kept on window.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(
  {directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample, source: e.sourceFile}));
"""
MAP_LOADED = ("() => window.cameramap && window.cameramap.state.loads > 0"
              " && !window.cameramap.state.loading")
# Chromium's console names the policy it enforces or cannot read (e.g. an unknown feature).
POLICY_MESSAGES = ("Content Security Policy", "Permissions-Policy", "Cross-Origin-Opener-Policy")


@pytest.fixture
def watched(page):
    """The page, recording CSP violations (events and console) and header errors (console)."""
    page.add_init_script(RECORD_VIOLATIONS)
    page.csp_console = []
    page.on("console", lambda m: page.csp_console.append(m.text)
            if any(name in m.text for name in POLICY_MESSAGES) else None)
    return page


def violations(page) -> list:
    return page.evaluate("() => window.__cspViolations") + page.csp_console


def visit(page, url: str, *, is_map: bool):
    response = page.goto(url)
    if is_map:
        page.wait_for_function(MAP_LOADED)
    page.wait_for_load_state("networkidle")
    return response


@pytest.mark.parametrize(("path", "is_map"), [
    ("/", True), ("/?embed=1", True), ("/cameras/{camera}", False), ("/sources", False),
    ("/submit", False), ("/submit/sighting", False), ("/no-such-page", False),
])
def test_page_runs_without_csp_violations(watched, live_server, path, is_map):
    camera = live_server.add_camera(lon=24.9384, lat=60.1699) if "{camera}" in path else None
    response = visit(watched, live_server.url + path.format(camera=camera), is_map=is_map)
    policy = response.headers["content-security-policy"]
    assert "'nonce-" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert violations(watched) == []
    assert watched.errors == []


def test_popup_opens_without_csp_violations(watched, live_server):
    camera_id = live_server.add_camera(lon=22.2666, lat=60.4518, camera_direction="120",
                                       operator="Turku city", notes="Market square")
    visit(watched, f"{live_server.url}/#17/60.4518/22.2666", is_map=True)
    point = watched.evaluate(f"() => window.cameramap.pointOf('{camera_id}')")
    assert point is not None, "the camera was not drawn"
    watched.mouse.click(point["x"], point["y"])
    watched.locator(f'.cm-popup[data-camera-id="{camera_id}"]').wait_for()
    assert violations(watched) == []
    assert watched.errors == []


def test_a_script_without_the_nonce_is_blocked_and_reported(watched, live_server):
    """The control for the tests above: an injected inline script does not run, and is seen."""
    visit(watched, live_server.url + "/", is_map=True)
    watched.evaluate("""() => { const s = document.createElement('script');
                               s.textContent = 'window.__injected = 1'; document.body.append(s); }""")
    watched.wait_for_function("() => window.__cspViolations.length > 0")
    assert watched.evaluate("() => window.__injected") is None
    assert [v["directive"] for v in watched.evaluate("() => window.__cspViolations")] == ["script-src-elem"]


@pytest.fixture
def embedder(live_server) -> Iterator[str]:
    """Another site (its own local server, no CSP) whose page frames the map and the embed map."""
    page = (f'<iframe name="embed" src="{live_server.url}/?embed=1"></iframe>'
            f'<iframe name="full" src="{live_server.url}/"></iframe>').encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_only_the_embed_map_can_be_framed_by_another_site(watched, embedder):
    watched.goto(embedder)
    embed = watched.frame(name="embed")
    embed.wait_for_function(MAP_LOADED)
    watched.wait_for_load_state("networkidle")
    assert watched.frame(name="full").evaluate("() => window.cameramap === undefined")
    assert any("frame-ancestors" in message for message in watched.csp_console)
