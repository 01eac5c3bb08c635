"""Inspections, indicators and the SSDA903 return live here (later issues)."""
