"""Fixtures for warehouses built from the demo city (owned by the warehouse)."""
