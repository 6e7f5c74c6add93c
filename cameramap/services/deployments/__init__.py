"""Deployments of temporary systems (facial recognition vans): records, imports, reads."""
