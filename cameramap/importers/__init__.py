"""Readers that turn source files into CameraRecords and per-row errors (no database, no Flask)."""
