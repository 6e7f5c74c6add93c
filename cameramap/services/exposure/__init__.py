"""Use cases of exposure: import streets, measure a path, plan least-watched routes, street coverage."""
