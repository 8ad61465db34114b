"""Rule C10: identity numbers, their agreement with the record, and masking (pure)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.rules.identity import (
    IdInfo,
    IdNumberError,
    Sex,
    check_against_record,
    check_digit,
    mask_id_number,
    mask_phone,
    parse_id_number,
)


def _number(prefix17: str) -> str:
    return prefix17 + check_digit(prefix17)


def _prefix(region: str, birth: dt.date, sequence: str) -> str:
    return region + birth.strftime("%Y%m%d") + sequence


# The two examples printed in GB 11643-1999 itself.
STANDARD_FEMALE = "11010519491231002X"
STANDARD_1880 = "440524188001010014"


def test_c10_check_digit_of_the_standards_examples() -> None:
    assert check_digit(STANDARD_FEMALE[:17]) == "X"
    assert check_digit(STANDARD_1880[:17]) == "4"


def test_c10_check_digit_needs_17_digits() -> None:
    for bad in ["1101051949123100", "110105194912310021", "1101051949123100A", ""]:
        with pytest.raises(IdNumberError, match="C10"):
            check_digit(bad)


def test_c10_standard_example_parses() -> None:
    info = parse_id_number(STANDARD_FEMALE)
    assert info == IdInfo(
        number=STANDARD_FEMALE,
        birth_date=dt.date(1949, 12, 31),
        sex=Sex.FEMALE,
        region_code="110105",
    )


def test_c10_standard_example_born_1880_is_refused_by_the_1900_floor() -> None:
    # Its check digit is right (above), but nobody on record is born before 1900.
    with pytest.raises(IdNumberError, match=r"1880-01-01 早于 1900-01-01.*\(C10\)"):
        parse_id_number(STANDARD_1880)


def test_c10_number_built_with_check_digit_parses() -> None:
    number = _number(_prefix("310101", dt.date(1990, 3, 7), "123"))
    info = parse_id_number(number)
    assert info.number == number
    assert info.birth_date == dt.date(1990, 3, 7)
    assert info.sex is Sex.MALE
    assert info.region_code == "310101"


def test_c10_lower_case_x_and_surrounding_whitespace_are_accepted() -> None:
    info = parse_id_number("  11010519491231002x\n")
    assert info.number == STANDARD_FEMALE


def test_c10_wrong_check_digit_names_the_expected_character() -> None:
    with pytest.raises(IdNumberError, match=r"校验位.*应为“X”，实为“1”.*\(C10\)"):
        parse_id_number("110105194912310021")
    good = _number("31010119900307123")
    wrong = "0" if good[-1] != "0" else "1"
    with pytest.raises(IdNumberError, match=f"应为“{good[-1]}”，实为“{wrong}”"):
        parse_id_number(good[:17] + wrong)


def test_c10_fifteen_digit_old_number_is_refused_clearly() -> None:
    with pytest.raises(IdNumberError, match=r"15位的旧身份证号.*18位.*\(C10\)"):
        parse_id_number("110105491231002")


@pytest.mark.parametrize(("value", "length"), [("1101051949123100", 16), ("1" * 19, 19)])
def test_c10_wrong_length_is_refused(value: str, length: int) -> None:
    with pytest.raises(IdNumberError, match=rf"应为18位，现为{length}位 \(C10\)"):
        parse_id_number(value)


@pytest.mark.parametrize("value", ["", "   "])
def test_c10_empty_number_is_refused(value: str) -> None:
    with pytest.raises(IdNumberError, match=r"为空 \(C10\)"):
        parse_id_number(value)


@pytest.mark.parametrize(
    ("value", "position"),
    [
        ("11010519491231002Y", 18),
        ("X10105194912310021", 1),
        ("1101051949 231002X", 11),
        ("1101051949１231002X", 11),  # a full-width digit
    ],
)
def test_c10_bad_characters_are_refused(value: str, position: int) -> None:
    with pytest.raises(IdNumberError, match=rf"第{position}位.*不合规.*\(C10\)"):
        parse_id_number(value)


def test_c10_birth_date_must_be_a_real_date() -> None:
    number = _number("310101" + "19990230" + "123")
    with pytest.raises(IdNumberError, match=r"出生日期“19990230”不是有效日期 \(C10\)"):
        parse_id_number(number)


def test_c10_future_birth_date_is_refused_when_on_is_given() -> None:
    number = _number(_prefix("310101", dt.date(2030, 1, 2), "123"))
    assert parse_id_number(number).birth_date == dt.date(2030, 1, 2)  # no date check by default
    with pytest.raises(IdNumberError, match=r"2030-01-02 晚于 2030-01-01.*\(C10\)"):
        parse_id_number(number, on=dt.date(2030, 1, 1))
    assert parse_id_number(number, on=dt.date(2030, 1, 2)).birth_date == dt.date(2030, 1, 2)


@pytest.mark.parametrize(
    ("digit", "sex"), [(str(d), Sex.MALE if d % 2 else Sex.FEMALE) for d in range(10)]
)
def test_c10_sex_comes_from_the_17th_digit(digit: str, sex: Sex) -> None:
    number = _number("3101011990030712" + digit)
    assert parse_id_number(number).sex is sex


def test_c10_sex_labels_are_chinese() -> None:
    assert Sex.MALE.label == "男"
    assert Sex.FEMALE.label == "女"


def test_c10_record_that_agrees_has_no_mismatch() -> None:
    info = parse_id_number(STANDARD_FEMALE)
    assert check_against_record(info, dt.date(1949, 12, 31), Sex.FEMALE) == []
    assert check_against_record(info, dt.date(1949, 12, 31), "女") == []
    assert check_against_record(info, None, "female") == []
    assert check_against_record(info, None, None) == []


def test_c10_birth_date_mismatch_is_explained() -> None:
    info = parse_id_number(_number(_prefix("310101", dt.date(1980, 5, 1), "123")))
    assert check_against_record(info, dt.date(1980, 5, 2), None) == [
        "身份证号中的出生日期 1980-05-01 与登记的出生日期 1980-05-02 不一致 (C10)"
    ]


def test_c10_sex_mismatch_is_explained() -> None:
    info = parse_id_number(STANDARD_FEMALE)
    for recorded in (Sex.MALE, "male", "男"):
        assert check_against_record(info, None, recorded) == [
            "身份证号中的性别 女 与登记的性别 男 不一致 (C10)"
        ]


def test_c10_both_mismatches_are_listed() -> None:
    info = parse_id_number(STANDARD_FEMALE)
    problems = check_against_record(info, dt.date(1950, 1, 1), Sex.MALE)
    assert len(problems) == 2
    assert all(p.endswith("(C10)") for p in problems)


def test_c10_unknown_recorded_sex_is_reported() -> None:
    info = parse_id_number(STANDARD_FEMALE)
    assert check_against_record(info, None, "未知") == [
        "登记的性别“未知”无法识别，应为男或女 (C10)"
    ]


def test_c10_id_number_is_masked_as_domain_shows() -> None:
    assert mask_id_number("31010119900307123X") == "3101**********123X"
    assert mask_id_number(" 31010119900307123x ") == "3101**********123X"
    assert mask_id_number(STANDARD_FEMALE) == "1101**********002X"


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("", ""),
        ("   ", ""),
        ("123", "***"),
        ("12345678", "12****78"),
        ("110105491231002", "110*********002"),
    ],
)
def test_c10_short_or_odd_id_numbers_are_masked_safely(value: str, masked: str) -> None:
    assert mask_id_number(value) == masked


@given(st.text(alphabet="0123456789Xx -", max_size=40))
def test_c10_mask_never_shows_more_than_four_and_four(value: str) -> None:
    masked = mask_id_number(value)
    visible = [c for c in masked if c != "*"]
    assert len(visible) <= 8
    assert len(masked) == len(value.strip())


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138****5678"),
        (" 13812345678 ", "138****5678"),
        ("021-63211234", "********1234"),
        ("63211234", "****1234"),
        ("1234", "****"),
        ("", ""),
    ],
)
def test_c10_phone_is_masked(value: str, masked: str) -> None:
    assert mask_phone(value) == masked


_regions = st.text(alphabet="0123456789", min_size=6, max_size=6)
_birth_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))
_sequences = st.text(alphabet="0123456789", min_size=3, max_size=3)


@given(_regions, _birth_dates, _sequences, st.sampled_from("0123456789X"))
def test_c10_check_digit_makes_a_number_valid_and_any_other_last_char_invalid(
    region: str, birth: dt.date, sequence: str, other: str
) -> None:
    prefix = _prefix(region, birth, sequence)
    number = _number(prefix)
    info = parse_id_number(number)
    assert info.birth_date == birth
    assert info.region_code == region
    assert info.sex is (Sex.MALE if int(sequence[-1]) % 2 else Sex.FEMALE)
    if other != number[-1]:
        with pytest.raises(IdNumberError, match=f"应为“{number[-1]}”"):
            parse_id_number(prefix + other)
