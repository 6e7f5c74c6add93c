"""The console script imports a command's module only when that command is asked for."""

from importlib import import_module

import click
import pytest

from cameramap.cli import COMMANDS, main


@pytest.mark.parametrize("module", sorted(set(COMMANDS.values())))
def test_the_lazy_table_names_exactly_what_each_module_registers(module):
    group = click.Group()
    import_module(f"cameramap.cli.{module}").register(group)
    assert set(group.commands) == {name for name, owner in COMMANDS.items() if owner == module}


def test_every_command_is_found_by_name():
    context = click.Context(main)
    for name in COMMANDS:
        command = main.get_command(context, name)
        assert command is not None and command.name == name
