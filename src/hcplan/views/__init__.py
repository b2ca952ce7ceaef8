"""The views a user asks for: actions as rows as of a day, the listings (overdue, amber, list) and the facts of a review."""
