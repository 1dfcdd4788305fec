"""Declarations, the System record, the registry and code generation."""
