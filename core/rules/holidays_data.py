"""Holiday arrangements beyond chinese-calendar's years (rule C14, decision 9).

chinese-calendar 1.11 knows the statutory holidays and make-up working days
of 2004–2026 only. Each year the General Office of the State Council
(国务院办公厅) publishes the next year's arrangement (关于××××年部分节假日
安排的通知), usually in late autumn; until a chinese-calendar release carries
it, the administrators enter it here — later in a table of the admin UI,
which replaces this module as the source.

Nothing here is guessed: the module ships empty. An empty ``COVERED_YEARS``
means a deadline that reaches into 2027 or later says that the year's data is
missing instead of computing a wrong day (see ``core.rules.workdays``).

How to enter a year, from the official notice:

* ``EXTRA_DAYS[date] = False`` for every Monday–Friday that is a holiday;
* ``EXTRA_DAYS[date] = True`` for every Saturday or Sunday that is worked (调休上班);
* Saturdays and Sundays inside a holiday need no entry (they are rest days anyway);
* add the year to ``COVERED_YEARS`` only once the whole year is entered.

Use it as ``ChineseCalendar(EXTRA_DAYS, COVERED_YEARS)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType

#: Day → True (a weekend working day, 调休上班) or False (a weekday holiday).
EXTRA_DAYS: Mapping[dt.date, bool] = MappingProxyType({})

#: Years whose whole arrangement is in ``EXTRA_DAYS``; none yet.
COVERED_YEARS: frozenset[int] = frozenset()
