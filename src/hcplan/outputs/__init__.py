"""Outputs: terminal tables, data for scripts, and reports rendered from templates."""
