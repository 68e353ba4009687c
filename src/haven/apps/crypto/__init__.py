"""Field encryption: AES-256-GCM with key ids, keys apart from the database (R-11)."""
