"""北京西城：“两会一站”与社工公开招聘

Rules B1–B9 of DOMAIN.md. Features arrive in the plugin's own issue; for now
it declares its name, version and description.
"""

__version__ = "0.1.0"
