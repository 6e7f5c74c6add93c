"""The geocoding API endpoints and the CLI commands over the Helsinki gazetteer."""

import pytest

from cameramap.cli.geocode import build_command, geocode_command


def test_search_box_answer(client, helsinki):
    response = client.get("/api/v1/geocode?q=Kaivokatu%201,%20Helsinki")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok" and body["precision"] == "address"
    assert body["label"].startswith("Kaivokatu 1") and 0.75 <= body["score"] <= 1
    assert response.headers["Cache-Control"] == "no-store"


def test_search_box_no_match_lists_candidates(client, helsinki):
    body = client.get("/api/v1/geocode?q=Keskuskatu%205").get_json()
    assert body["status"] == "no_match" and "lon" not in body and body["candidates"]


@pytest.mark.parametrize(("url", "parameter"), [
    ("/api/v1/geocode", "q"), ("/api/v1/geocode?q=%20", "q"), (f"/api/v1/geocode?q={'a' * 301}", "q"),
    ("/api/v1/geocode?q=x&bbox=1", "bbox"), ("/api/v1/geocode/reverse?lat=60.17", "lon"),
    ("/api/v1/geocode/reverse?lat=95&lon=24.9", "lat"), ("/api/v1/geocode/reverse?lat=abc&lon=24.9", "lat"),
])
def test_bad_parameters_are_400_json(client, url, parameter):
    response = client.get(url)
    assert response.status_code == 400
    body = response.get_json()
    assert set(body) == {"error", "message", "parameter"} and body["parameter"] == parameter


def test_reverse_labels_a_click(client, helsinki):
    body = client.get("/api/v1/geocode/reverse?lat=60.1713198&lon=24.9414566").get_json()
    assert body["label"] and body["address"]["distance_m"] < 100 and body["street"]["label"]


def test_cli_build_and_geocode(app, session, shared_data):
    runner = app.test_cli_runner()
    built = runner.invoke(build_command, [str(shared_data / "helsinki" / "Helsinki.osm.pbf")])
    assert built.exit_code == 0, built.output
    assert "gazetteer built" in built.output
    again = runner.invoke(build_command, [str(shared_data / "helsinki" / "Helsinki.osm.pbf")])
    assert "unchanged" in again.output
    found = runner.invoke(geocode_command, ["Mannerheimint. 10, Helsinki"])
    assert found.exit_code == 0 and "precision address" in found.output and "score 1.00" in found.output
    missing = runner.invoke(geocode_command, ["Tverskaya ul. 13"])
    assert missing.exit_code == 1 and "no match" in missing.output
    reverse = runner.invoke(geocode_command, ["--reverse", "60.1713198,24.9414566"])
    assert reverse.exit_code == 0 and "m away" in reverse.output
    bad = runner.invoke(geocode_command, ["--reverse", "60.17"])
    assert bad.exit_code == 2
