"""Moved: holiday arrangements beyond chinese-calendar's years are a table now (C14, decision 9).

Administrators enter them in the admin UI (系统管理 → 节假日年份 / 节假日安排),
stored in ``core.models.holidays`` (``HolidayYear``, ``HolidayDay``); the
refusals and the recomputation of reply deadlines are in ``core.holidays``,
and ``core.opinions.calendar`` builds the working-day calendar from them.
This module keeps no data, so nothing can drift from the table.
"""
