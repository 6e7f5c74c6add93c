"""API v1 routes (placeholder until the API lands)."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")
