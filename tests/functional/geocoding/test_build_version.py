"""A new gazetteer build changes the camera answers' nearest streets, so it moves their ETag."""

from __future__ import annotations

from cameramap.services.geocoding import build_gazetteer
from cameramap.storage.clusters import registry_version
from tests.factories import make_camera


def _write(path, street):
    path.write_text(f"street,housenumber,lat,lon\n{street},1,60.1700,24.9400\n")
    return path


def test_a_new_build_moves_the_camera_answers_etag(client, session, tmp_path):
    camera = make_camera(session, lat=60.1701, lon=24.9401)
    build_gazetteer(session, _write(tmp_path / "a.csv", "Aleksanterinkatu"))
    session.commit()
    first = client.get("/api/v1/cameras")  # the list: cached by ETag
    [feature] = first.json["features"]
    assert feature["id"] == str(camera.id)
    assert feature["properties"]["nearest_street"].startswith("Aleksanterinkatu")
    before = registry_version(session)
    build_gazetteer(session, _write(tmp_path / "b.csv", "Mikonkatu"))
    session.commit()
    assert registry_version(session) > before
    second = client.get("/api/v1/cameras", headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200
    assert second.json["features"][0]["properties"]["nearest_street"].startswith("Mikonkatu")
    version = registry_version(session)
    unchanged = build_gazetteer(session, tmp_path / "b.csv")  # the same file again: nothing to do
    session.commit()
    assert unchanged.unchanged and registry_version(session) == version
