"""Anonymous submissions: fields, photos, proof of work, client keys, confirmations."""
