"""The README documents every setting and every command."""

from pathlib import Path

import pytest

from cameramap.cli import COMMANDS
from cameramap.config import documented

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture(scope="module")
def readme() -> str:
    if not README.exists():
        pytest.skip("not running from a source checkout")
    return README.read_text()


@pytest.mark.parametrize("env", [env for env, _default, _doc in documented()])
def test_every_setting_is_documented(readme, env):
    assert f"`{env}`" in readme


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_is_documented(readme, command):
    assert f"`cameramap {command}" in readme
