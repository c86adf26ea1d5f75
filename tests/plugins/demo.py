"""Fixtures for the demo city (owned by the demo generator)."""
