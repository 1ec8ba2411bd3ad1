"""Fakes at the edges, for the unit and functional levels (integration tests
use the real services)."""
