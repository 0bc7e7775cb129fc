"""Demo data of the service feature."""
