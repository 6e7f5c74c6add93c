"""Settings are parsed once, typed and validated: a bad value stops the app naming its variable."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cameramap import create_app
from cameramap.config import Settings, SettingsError, documented, load, parse, replaced
from cameramap.extensions import settings


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("CAMERAMAP_GEOCODER_MIN_SCORE", "abc", "valid number"),
        ("CAMERAMAP_GEOCODER_MIN_SCORE", "1.5", "less than or equal to 1"),
        ("CAMERAMAP_GEOCODER_MIN_SCORE", "-0.1", "greater than or equal to 0"),
        ("CAMERAMAP_API_MAX_LIMIT", "-5", "greater than or equal to 1"),
        ("CAMERAMAP_PHOTO_MAX_BYTES", "ten", "valid integer"),
        ("CAMERAMAP_PROXY_COUNT", "-1", "greater than or equal to 0"),
        ("CAMERAMAP_COOKIE_SECURE", "maybe", "valid boolean"),
        ("CAMERAMAP_RATE_LIMIT_LOGIN", "lots", "rate limit"),
    ],
)
def test_a_bad_environment_value_names_its_variable(monkeypatch, variable, value, says):
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as err:
        parse()
    assert variable in str(err.value) and says in str(err.value) and repr(value) in str(err.value)


def test_values_arrive_typed(monkeypatch):
    monkeypatch.setenv("CAMERAMAP_GEOCODER_MIN_SCORE", "0.5")
    monkeypatch.setenv("CAMERAMAP_API_MAX_LIMIT", "250")
    monkeypatch.setenv("CAMERAMAP_COOKIE_SECURE", "0")
    monkeypatch.setenv("CAMERAMAP_REDIS_URL", "")  # empty: unset
    got = parse()
    assert (got.geocoder_min_score, got.api_max_limit) == (0.5, 250)
    assert (got.cookie_secure, got.redis_url) == (False, None)


def test_the_default_page_size_must_fit_the_largest():
    with pytest.raises(SettingsError, match="CAMERAMAP_API_DEFAULT_LIMIT .*CAMERAMAP_API_MAX_LIMIT"):
        parse({"API_MAX_LIMIT": 50, "API_DEFAULT_LIMIT": 100})


@pytest.mark.parametrize(
    ("setting", "expected"),
    [("on", True), ("maybe", True), (True, True), (None, True),
     ("off", False), ("OFF", False), (False, False), ("false", False), ("0", False)],
)
def test_only_an_explicit_off_disables_the_proof_of_work(setting, expected):
    assert parse({"PROOF_OF_WORK": setting}).proof_of_work is expected


def test_settings_are_frozen():
    with pytest.raises(ValueError, match="frozen"):
        parse().api_max_limit = 5  # type: ignore[misc]


def test_overrides_beat_the_environment_and_are_validated_too(monkeypatch):
    monkeypatch.setenv("CAMERAMAP_API_MAX_LIMIT", "250")
    assert parse({"API_MAX_LIMIT": "300"}).api_max_limit == 300
    with pytest.raises(SettingsError, match="CAMERAMAP_CLUSTER_CAP"):
        parse({"CLUSTER_CAP": 0})
    with pytest.raises(SettingsError, match="CAMERAMAP_CONFIRMATIONS_TO_VERIFY"):
        replaced(parse(), CONFIRMATIONS_TO_VERIFY="x")


def test_load_derives_paths_and_keeps_flask_keys(tmp_path):
    typed, flask = load(str(tmp_path / "instance"), {"TESTING": True, "INSTANCE_DIR": str(tmp_path / "data")})
    assert typed.database_url == f"sqlite:///{tmp_path / 'instance' / 'cameramap.sqlite3'}"
    assert typed.media_dir == str(tmp_path / "data" / "media")
    assert typed.export_dir == str(tmp_path / "data" / "exports")
    assert len(typed.secret_key) > 40 and (tmp_path / "instance" / "secret_key").exists()
    assert flask == {"TESTING": True, "INSTANCE_DIR": str(tmp_path / "data")}


def test_create_app_refuses_a_bad_override_before_touching_the_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'never.sqlite3'}"
    with pytest.raises(SettingsError, match="CAMERAMAP_GEOCODER_MIN_SCORE"):
        create_app({"DATABASE_URL": url, "GEOCODER_MIN_SCORE": "abc"})
    assert not (tmp_path / "never.sqlite3").exists()


def test_the_app_carries_its_typed_settings(app):
    assert isinstance(settings(app), Settings)
    assert app.config["SECRET_KEY"] == settings(app).secret_key == "test-secret"


def test_every_setting_is_documented_with_a_meaning():
    rows = documented()
    assert len(rows) == len(Settings.model_fields) and all(env.startswith("CAMERAMAP_") for env, _, _ in rows)
    assert all(doc for _env, _default, doc in rows)


def test_the_command_line_stops_with_the_message_not_a_traceback(tmp_path):
    env = {"CAMERAMAP_GEOCODER_MIN_SCORE": "abc", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    command = [sys.executable, "-c", "from cameramap.cli import main; main()", "serve", "--port", "5998"]
    done = subprocess.run(command, env=env,
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "CAMERAMAP_GEOCODER_MIN_SCORE" in done.stderr and "'abc'" in done.stderr
    assert "Traceback" not in done.stderr
