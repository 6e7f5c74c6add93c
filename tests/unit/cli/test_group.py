"""The `cameramap` command lists our commands and options only, none of Flask's or its plugins'."""

from __future__ import annotations

from click.testing import CliRunner

from cameramap.cli import main


def test_help_shows_our_commands_and_no_flask_options_or_plugin_commands() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0, result.output
    assert "import" in result.output and "serve" in result.output and "deployments" in result.output
    for foreign in ("--app", "--env-file", "--debug", "limiter"):
        assert foreign not in result.output


def test_a_plugin_command_is_not_reachable() -> None:
    result = CliRunner().invoke(main, ["limiter", "config"])
    assert result.exit_code == 2
    assert "No such command 'limiter'" in result.output


def test_a_command_still_gets_the_app() -> None:
    result = CliRunner().invoke(main, ["db", "--help"])
    assert result.exit_code == 0 and "Database schema commands." in result.output
