"""Exposure to cameras: street profiles, the routing graph, what a camera sees (pure; no Flask, no DB)."""
