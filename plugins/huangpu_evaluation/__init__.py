"""黄浦区：民主决策与“群众评价70%+街道评价30%”测评

Rules H1–H9, D1–D4 of DOMAIN.md. Features arrive in the plugin's own issue; for now
it declares its name, version and description.
"""

__version__ = "0.1.0"
