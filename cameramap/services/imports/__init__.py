"""Imports: rows from one source stored idempotently, batched, conflated and reported."""
