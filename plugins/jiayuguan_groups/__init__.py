"""嘉峪关市：居民小组与月度工作补贴

Rules J1–J10 of DOMAIN.md. Features arrive in the plugin's own issue; for now
it declares its name, version and description.
"""

__version__ = "0.1.0"
