"""Figures per area: area layers and cameras per area over time."""
