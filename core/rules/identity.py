"""Mainland resident identity numbers and masking of personal data (rule C10).

A 居民身份证号 has 18 characters (GB 11643-1999): 6 digits of region code,
8 digits of birth date (YYYYMMDD), 3 digits of sequence whose last one is
odd for men and even for women, and a check character (0–9 or X) computed
with ISO 7064 MOD 11-2. The birth date and sex it encodes must agree with
the person's record. ID and phone numbers are personal information: lists
and exports show them masked. Pure: no Flask, no database.

Error messages never repeat the whole number, because they may end up in
logs; they say which part is wrong instead.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re

#: Weights of the first 17 digits in the MOD 11-2 sum (GB 11643-1999).
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)

#: Check character for each value of the weighted sum modulo 11.
CHECK_CHARS = "10X98765432"

#: No one on record is born before this day (the year 1899 and earlier are typos).
EARLIEST_BIRTH_DATE = dt.date(1900, 1, 1)

_DIGITS17 = re.compile(r"[0-9]{17}")
_OLD_NUMBER = re.compile(r"[0-9]{15}")
_MOBILE = re.compile(r"1[0-9]{10}")


class IdNumberError(ValueError):
    """An ID number that is not a valid 18-character number; the message is Chinese."""


class Sex(enum.StrEnum):
    """Sex as an ID number encodes it (17th character: odd male, even female)."""

    MALE = "male"
    FEMALE = "female"

    @property
    def label(self) -> str:
        """The Chinese word for the UI and messages: 男 or 女."""
        return SEX_LABELS[self]


#: Chinese names of the sexes.
SEX_LABELS = {Sex.MALE: "男", Sex.FEMALE: "女"}


@dataclasses.dataclass(frozen=True)
class IdInfo:
    """What a valid ID number says: the normalised number and the facts inside it."""

    number: str
    birth_date: dt.date
    sex: Sex
    region_code: str


def check_digit(first17: str) -> str:
    """The GB 11643 check character (0–9 or X) of the first 17 digits of an ID number (C10)."""
    if not isinstance(first17, str) or not _DIGITS17.fullmatch(first17):
        raise IdNumberError("计算校验位需要身份证号的前17位数字 (C10)")
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def parse_id_number(value: str, on: dt.date | None = None) -> IdInfo:
    """Check an ID number and return the birth date, sex and region code inside it (C10).

    Surrounding whitespace is ignored and a lower-case ``x`` is accepted. The
    birth date must be a real date, not before 1900-01-01 and, when ``on`` is
    given, not after ``on``. Raise ``IdNumberError`` saying what is wrong.
    """
    if not isinstance(value, str):
        raise IdNumberError("身份证号必须是文字 (C10)")
    number = value.strip().upper()
    if not number:
        raise IdNumberError("身份证号为空 (C10)")
    if _OLD_NUMBER.fullmatch(number):
        raise IdNumberError("这是15位的旧身份证号，已停止使用，请填写18位居民身份证号 (C10)")
    if len(number) != 18:
        raise IdNumberError(f"身份证号应为18位，现为{len(number)}位 (C10)")
    _check_characters(number)
    expected = check_digit(number[:17])
    if number[17] != expected:
        raise IdNumberError(
            f"身份证号校验位错误：第18位按 GB 11643 应为“{expected}”，实为“{number[17]}”，"
            "请核对各位数字 (C10)"
        )
    birth_date = _birth_date(number[6:14], on)
    sex = Sex.MALE if int(number[16]) % 2 == 1 else Sex.FEMALE
    return IdInfo(number=number, birth_date=birth_date, sex=sex, region_code=number[:6])


def _check_characters(number: str) -> None:
    """Refuse anything but 17 ASCII digits followed by a digit or X."""
    for position, char in enumerate(number, start=1):
        allowed = "0123456789X" if position == 18 else "0123456789"
        if char not in allowed:
            where = "第18位只能是数字或X" if position == 18 else "前17位只能是数字"
            raise IdNumberError(f"身份证号第{position}位“{char}”不合规：{where} (C10)")


def _birth_date(digits: str, on: dt.date | None) -> dt.date:
    """The birth date in characters 7–14, checked to be real and plausible."""
    try:
        birth_date = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise IdNumberError(f"身份证号中的出生日期“{digits}”不是有效日期 (C10)") from None
    if birth_date < EARLIEST_BIRTH_DATE:
        raise IdNumberError(
            f"身份证号中的出生日期 {birth_date.isoformat()} 早于 "
            f"{EARLIEST_BIRTH_DATE.isoformat()}，请核对 (C10)"
        )
    if on is not None and birth_date > on:
        raise IdNumberError(
            f"身份证号中的出生日期 {birth_date.isoformat()} 晚于 {on.isoformat()}，"
            "不能是将来的日期 (C10)"
        )
    return birth_date


def _as_sex(value: Sex | str) -> Sex | None:
    """Read a recorded sex given as ``Sex``, its value (male/female) or its label (男/女)."""
    if isinstance(value, Sex):
        return value
    text = value.strip().lower()
    for sex in Sex:
        if text in (sex.value, sex.label):
            return sex
    return None


def check_against_record(
    info: IdInfo, birth_date: dt.date | None, sex: Sex | str | None
) -> list[str]:
    """Explain, in Chinese, where an ID number disagrees with the person's record (C10).

    ``None`` means the record has no value, which is not a disagreement. An
    empty list means the record is consistent with the number.
    """
    problems: list[str] = []
    if birth_date is not None and birth_date != info.birth_date:
        problems.append(
            f"身份证号中的出生日期 {info.birth_date.isoformat()} 与登记的出生日期 "
            f"{birth_date.isoformat()} 不一致 (C10)"
        )
    if sex is not None:
        recorded = _as_sex(sex)
        if recorded is None:
            problems.append(f"登记的性别“{sex}”无法识别，应为男或女 (C10)")
        elif recorded is not info.sex:
            problems.append(
                f"身份证号中的性别 {info.sex.label} 与登记的性别 {recorded.label} 不一致 (C10)"
            )
    return problems


def mask_id_number(value: str) -> str:
    """An ID number as lists and exports show it: ``3101**********123X`` (C10).

    An 18-character number keeps its first 4 and last 4 characters. Anything
    shorter keeps at most a quarter of its characters at each end, so a
    malformed or partial value never shows more than a real one would.
    """
    text = (value or "").strip().upper()
    keep = min(4, len(text) // 4)
    if keep == 0:
        return "*" * len(text)
    return text[:keep] + "*" * (len(text) - 2 * keep) + text[-keep:]


def mask_phone(value: str) -> str:
    """A phone number as lists and exports show it: ``138****5678`` for a mobile (C10).

    An 11-digit mainland mobile keeps its first 3 and last 4 digits; any other
    format keeps only its last 4 characters, and one of 4 characters or fewer
    is masked whole.
    """
    text = (value or "").strip()
    if _MOBILE.fullmatch(text):
        return text[:3] + "****" + text[-4:]
    if len(text) <= 4:
        return "*" * len(text)
    return "*" * (len(text) - 4) + text[-4:]
