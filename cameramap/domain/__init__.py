"""Pure-Python domain: value types, vocabularies, lifecycle and errors (stdlib only)."""
