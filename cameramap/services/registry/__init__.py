"""The camera registry: edits that leave revisions, the read side, the change feed."""
