"""Dateline: an open-source publishing platform for international news agencies."""
