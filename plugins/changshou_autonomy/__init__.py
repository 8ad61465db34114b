"""长寿路街道：“自治家园”台账与自治项目以奖代补

Rules S1–S7 of DOMAIN.md. Features arrive in the plugin's own issue; for now
it declares its name, version and description.
"""

__version__ = "0.1.0"
