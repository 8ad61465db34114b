"""Rule C1: division codes of the org tree (pure)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.rules.divisions import (
    DivisionCodeError,
    OrgKind,
    ancestor_codes,
    check_division_code,
    check_org_unit,
    kind_of,
    scope_prefix,
)


@pytest.mark.parametrize(
    "code",
    ["31010100000", "3101010000000", "31010100000X", "", "31 101000000", "000000002000"],
)
def test_c1_malformed_division_code_is_refused(code: str) -> None:
    with pytest.raises(DivisionCodeError, match="C1"):
        check_division_code(code, OrgKind.DISTRICT)


def test_c1_code_must_fit_its_kind() -> None:
    check_division_code("310101000000", OrgKind.DISTRICT)
    check_division_code("310101002000", OrgKind.STREET)
    check_division_code("310101002003", OrgKind.COMMITTEE)
    with pytest.raises(DivisionCodeError, match="街道级代码"):
        check_division_code("310101002000", OrgKind.COMMITTEE)


def test_c1_city_without_districts_is_a_valid_district_code() -> None:
    # Jiayuguan (620200) is a prefecture-level city with no districts (J1).
    check_division_code("620200000000", OrgKind.DISTRICT)


def test_c1_child_code_must_start_with_parent_prefix() -> None:
    check_org_unit("310101002003", OrgKind.COMMITTEE, "310101002000", OrgKind.STREET)
    with pytest.raises(DivisionCodeError, match="不以上级代码前缀“310101002”开头"):
        check_org_unit("310101013003", OrgKind.COMMITTEE, "310101002000", OrgKind.STREET)
    with pytest.raises(DivisionCodeError, match="上级必须是街道"):
        check_org_unit("310101002003", OrgKind.COMMITTEE, "310101000000", OrgKind.DISTRICT)
    with pytest.raises(DivisionCodeError, match="必须有上级"):
        check_org_unit("310101002000", OrgKind.STREET, None, None)
    with pytest.raises(DivisionCodeError, match="最高一级"):
        check_org_unit("310101000000", OrgKind.DISTRICT, "310100000000", OrgKind.DISTRICT)


def test_c1_ancestors_of_a_scope() -> None:
    assert ancestor_codes("310101") == []
    assert ancestor_codes("310101002") == ["310101000000"]
    assert ancestor_codes("310101002003") == ["310101000000", "310101002000"]


digits = st.text(alphabet="0123456789", min_size=3, max_size=3)


@given(county=st.integers(110000, 659999), street=digits, community=digits)
def test_c1_every_well_formed_code_has_exactly_one_kind_and_its_prefix(
    county: int, street: str, community: str
) -> None:
    code = f"{county}{street}{community}"
    kind = kind_of(code)
    check_division_code(code, kind)
    prefix = scope_prefix(code, kind)
    assert code.startswith(prefix)
    for other in OrgKind:
        if other is not kind:
            with pytest.raises(DivisionCodeError):
                check_division_code(code, other)
