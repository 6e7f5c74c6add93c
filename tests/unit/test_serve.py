"""`cameramap serve --workers N`: gunicorn's BaseApplication configured from the options."""

from flask import Flask

from cameramap.cli.serve import gunicorn_application


def test_gunicorn_application_takes_the_options():
    app = Flask("probe")
    server = gunicorn_application(app, {"bind": "127.0.0.1:5099", "workers": 3, "threads": 2,
                                        "worker_class": "gthread", "accesslog": None})
    assert server.cfg.workers == 3 and server.cfg.threads == 2
    assert server.cfg.bind == ["127.0.0.1:5099"]
    assert server.load() is app
