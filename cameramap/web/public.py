"""Public pages (placeholder until the map lands)."""

from flask import Blueprint

bp = Blueprint("public", __name__)
