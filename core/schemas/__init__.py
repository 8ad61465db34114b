"""Marshmallow schemas of core records, for the API and for imports."""
