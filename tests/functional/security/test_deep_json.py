"""A JSON body nested 1,000 levels deep is refused with 400 on every POST endpoint, before the proof of
work."""

from __future__ import annotations

import pytest

from cameramap import create_app

DEEP = ('{"notes": ' + '{"a": ' * 1000 + "1" + "}" * 1000 + ', "lon": 24.9, "lat": 60.1}').encode()
WIDE_BUT_SHALLOW = b'{"a": [[[1, 2], [3, 4]]], "b": {"c": {"d": null}}}'


def _post_rules() -> list[str]:
    """Every URL the app accepts a POST on, read from its URL map (new endpoints are covered)."""
    app = create_app({"DATABASE_URL": "sqlite:///:memory:", "AUTO_MIGRATE": False, "SECRET_KEY": "probe",
                      "INSTANCE_DIR": "/nonexistent-cameramap-probe"})
    urls = app.url_map.bind("localhost")
    example = {"IntegerConverter": 1, "UnicodeConverter": "approve"}
    paths = []
    for rule in app.url_map.iter_rules():
        if "POST" in (rule.methods or ()):
            values = {name: example[type(kind).__name__] for name, kind in rule._converters.items()}
            paths.append(urls.build(rule.endpoint, values, method="POST"))
    return sorted(paths)


POSTS = _post_rules()


def test_the_url_map_has_the_json_endpoints():
    assert {"/api/v1/submissions", "/api/v1/routes", "/api/v1/exposure"} <= set(POSTS)


@pytest.mark.parametrize("path", POSTS)
def test_deeply_nested_json_is_refused_with_400(client, path):
    response = client.post(path, data=DEEP, content_type="application/json")
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    if path.startswith("/api/"):
        assert response.get_json()["error"]
    if path.startswith(("/api/v1/submissions", "/api/v1/cameras/")):  # refused before anything else
        assert "nested" in response.get_json()["message"]


def test_shallow_json_passes_the_depth_check(client, configure, app):
    configure(app, proof_of_work=True)
    response = client.post("/api/v1/submissions", data=WIDE_BUT_SHALLOW, content_type="application/json")
    assert response.status_code != 500 and "nested" not in response.get_data(as_text=True)
