"""Checking plans: the load pipeline (read, validate, check, locate), the rules, and checking the sound rest of a broken plan."""
