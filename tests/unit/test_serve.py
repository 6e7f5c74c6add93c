"""`cameramap serve --workers N`: gunicorn's BaseApplication configured from the options."""

import gc
import socket

import pytest
import waitress
from click.testing import CliRunner
from flask import Flask
from flask.cli import ScriptInfo

from cameramap.cli import main, serve
from cameramap.cli.serve import gunicorn_application


def test_gunicorn_application_takes_the_options():
    app = Flask("probe")
    server = gunicorn_application(app, {"bind": "127.0.0.1:5099", "workers": 3, "threads": 2,
                                        "worker_class": "gthread", "accesslog": None})
    assert server.cfg.workers == 3 and server.cfg.threads == 2
    assert server.cfg.bind == ["127.0.0.1:5099"]
    assert server.load() is app


class _Server:
    def __init__(self, app, options) -> None:
        self.options = options

    def run(self) -> None:
        """Stands in for gunicorn: returns at once."""


@pytest.mark.parametrize(("workers", "redis_url", "warned"), [
    (2, None, True), (1, None, False), (3, "redis://127.0.0.1:6379/0", False)])
def test_several_workers_without_redis_warn_that_limits_are_per_process(
        app, session, configure, monkeypatch, workers, redis_url, warned):
    configure(app, redis_url=redis_url)
    monkeypatch.setattr(serve, "gunicorn_application", _Server)
    monkeypatch.setattr(waitress, "serve", lambda *args, sockets, **kwargs: [s.close() for s in sockets])
    result = CliRunner().invoke(main, ["serve", "--workers", str(workers), "--port", "0"],
                                obj=ScriptInfo(create_app=lambda: app))
    assert result.exit_code == 0, result.output
    assert ("rate-limit counters" in result.output and "reset when the server restarts" in result.output) \
        is warned


def test_several_workers_fork_from_a_frozen_heap(app, session, monkeypatch):
    """The app's objects are frozen before gunicorn forks, so the workers' collections leave them shared."""
    frozen: list[int] = []

    class _Recording(_Server):
        def run(self) -> None:
            frozen.append(gc.get_freeze_count())

    monkeypatch.setattr(serve, "gunicorn_application", _Recording)
    try:
        result = CliRunner().invoke(main, ["serve", "--workers", "2", "--port", "0"],
                                    obj=ScriptInfo(create_app=lambda: app))
    finally:
        gc.unfreeze()
    assert result.exit_code == 0, result.output
    assert frozen and frozen[0] > 0


@pytest.mark.parametrize("workers", [1, 2])
def test_serving_is_announced_once_the_socket_listens(app, session, monkeypatch, workers):
    handed: list[socket.socket] = []

    def waitress_serve(_app, sockets, **_kwargs) -> None:
        handed.extend(sockets)

    class _Gunicorn(_Server):
        def run(self) -> None:
            handed.append(socket.socket(fileno=int(self.options["bind"].removeprefix("fd://"))))

    monkeypatch.setattr(waitress, "serve", waitress_serve)
    monkeypatch.setattr(serve, "gunicorn_application", _Gunicorn)
    monkeypatch.setattr(serve, "share_with_workers", lambda: None)
    result = CliRunner().invoke(main, ["serve", "--port", "0", "--workers", str(workers)],
                                obj=ScriptInfo(create_app=lambda: app))
    assert result.exit_code == 0, result.output
    with handed[0] as listener:
        port = listener.getsockname()[1]
        assert listener.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN) == 1
        assert f"serving on http://127.0.0.1:{port}/" in result.output and port != 0


def test_a_port_in_use_is_a_clear_error_and_nothing_claims_to_serve(app, session, monkeypatch):
    monkeypatch.setattr(waitress, "serve", lambda *args, **kwargs: pytest.fail("served on a taken port"))
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--port", str(port)],
                                    obj=ScriptInfo(create_app=lambda: app))
    assert result.exit_code == 1
    assert f"Error: port {port} is in use; choose another with --port N" in result.output
    assert "serving on" not in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("workers", [1, 2])
def test_a_start_builds_the_missing_downloads(app, session, monkeypatch, workers):
    """waitress: before serving; gunicorn: in each worker once it is up (the lease makes one build)."""
    started: list[Flask] = []
    hooks: list = []

    class _Hooked(_Server):
        def __init__(self, app, options) -> None:
            hooks.append(options["post_worker_init"])

    monkeypatch.setattr(serve, "build_missing", started.append)
    monkeypatch.setattr(serve, "gunicorn_application", _Hooked)
    monkeypatch.setattr(waitress, "serve", lambda *args, **kwargs: None)
    try:
        result = CliRunner().invoke(main, ["serve", "--port", "0", "--workers", str(workers)],
                                    obj=ScriptInfo(create_app=lambda: app))
    finally:
        gc.unfreeze()
    assert result.exit_code == 0, result.output
    assert started == ([app] if workers == 1 else [])
    for hook in hooks:
        hook(object())  # a worker is up
    assert started == [app]
