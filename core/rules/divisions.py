"""Statistical division codes of the org tree (rule C1).

A code has 12 digits: 6 for the district (county level, or a city without
districts such as Jiayuguan, 620200), 3 for the street and 3 for the
community. A district's code ends in six zeros (``310101000000``), a street's
in three (``310101002000``), and a committee's code is whole
(``310101002003``). A child's code starts with its parent's
prefix. Pure: no Flask, no database.
"""

from __future__ import annotations

import enum
import re

_CODE = re.compile(r"\d{12}")


class OrgKind(enum.StrEnum):
    """The three levels of the org tree that scoping knows (rule C1)."""

    DISTRICT = "district"
    STREET = "street"
    COMMITTEE = "committee"


#: Chinese names of the kinds, for messages and the UI.
KIND_LABELS = {OrgKind.DISTRICT: "区", OrgKind.STREET: "街道", OrgKind.COMMITTEE: "居委会"}

#: Length of the prefix a unit of each kind shares with everything below it.
PREFIX_LENGTH = {OrgKind.DISTRICT: 6, OrgKind.STREET: 9, OrgKind.COMMITTEE: 12}

#: Which kind may sit directly under which.
PARENT_KIND = {OrgKind.STREET: OrgKind.DISTRICT, OrgKind.COMMITTEE: OrgKind.STREET}


class DivisionCodeError(ValueError):
    """A division code that does not fit its kind or its parent; the message is Chinese."""


def kind_of(code: str) -> OrgKind:
    """The kind a well-formed code denotes, from its trailing zeros."""
    if code[6:] == "000000":
        return OrgKind.DISTRICT
    if code[9:] == "000":
        return OrgKind.STREET
    return OrgKind.COMMITTEE


def scope_prefix(code: str, kind: OrgKind) -> str:
    """The prefix shared by the unit of this code and every unit below it (rule C1)."""
    return code[: PREFIX_LENGTH[kind]]


def ancestor_codes(prefix: str) -> list[str]:
    """Codes of the units above a scope prefix: a street's district, a committee's two (C1)."""
    if len(prefix) == 9:
        return [prefix[:6] + "000000"]
    if len(prefix) == 12:
        return [prefix[:6] + "000000", prefix[:9] + "000"]
    return []


def check_division_code(code: str, kind: OrgKind) -> None:
    """Raise ``DivisionCodeError`` unless ``code`` has the shape of a code of ``kind`` (C1)."""
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        raise DivisionCodeError(f"区划代码“{code}”格式不对：应为12位数字 (C1)")
    if code[:6] == "000000":
        raise DivisionCodeError(f"区划代码“{code}”的前6位不能全为0 (C1)")
    actual = kind_of(code)
    if actual is not kind:
        raise DivisionCodeError(
            f"区划代码“{code}”是{KIND_LABELS[actual]}级代码，与类型“{KIND_LABELS[kind]}”不符："
            "区以6个0结尾，街道以3个0结尾，居委会不以000结尾 (C1)"
        )


def check_org_unit(
    code: str, kind: OrgKind, parent_code: str | None, parent_kind: OrgKind | None
) -> None:
    """Check a unit's code against its kind and its parent (rule C1).

    A district has no parent; a street's parent is a district and a
    committee's a street, and the child's code starts with the parent's prefix.
    """
    check_division_code(code, kind)
    expected_parent = PARENT_KIND.get(kind)
    if expected_parent is None:
        if parent_code is not None:
            raise DivisionCodeError("区是最高一级，不能有上级单位 (C1)")
        return
    if parent_code is None or parent_kind is None:
        raise DivisionCodeError(f"{KIND_LABELS[kind]}必须有上级{KIND_LABELS[expected_parent]} (C1)")
    if parent_kind is not expected_parent:
        raise DivisionCodeError(
            f"{KIND_LABELS[kind]}的上级必须是{KIND_LABELS[expected_parent]}，"
            f"不能是{KIND_LABELS[parent_kind]} (C1)"
        )
    prefix = scope_prefix(parent_code, parent_kind)
    if not code.startswith(prefix):
        raise DivisionCodeError(f"区划代码“{code}”不以上级代码前缀“{prefix}”开头 (C1)")
