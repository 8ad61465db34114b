"""All-or-nothing import, and matching export, of org units, households, people, positions.

Four kinds (``core.imports.columns``): ``org_units``, ``households``,
``people``, ``positions``. A file is xlsx or csv (by its extension), with
the kind's Chinese headers in row 1; ``juwei import --template KIND`` and the
admin page 系统管理 › 导入导出 give an empty file with the headers and a sheet
"说明" explaining every column. An export of a kind has the same columns, so
it imports again, into the same deployment or another: references are codes
and natural keys, never database ids.

How a file is imported (decision 6):

1. The file as a whole: readable xlsx or csv (UTF-8 with or without BOM, or
   GB18030), exactly the kind's headers, at least one data row, and an actor
   allowed to import the kind. Otherwise one message and nothing written.
2. Every row is validated — on its own with marshmallow (``schemas``), then
   against the database and the rows before it (the kind's handler):
   references resolve, no duplicates within the file, every unit inside the
   actor's scope (an out-of-scope row is a row error, not a traceback).
   Lookups are set-based: a few ``IN`` queries per file, not one per row.
3. Only if no row has an error, everything is written in ONE transaction.
   A refusal at write time (a model's ``check()``, rule C2's composition,
   the scope listener, a constraint) rolls it all back and names the row.

Every error is reported as (row number as Excel shows it — the header is
row 1 —, column header, reason in Chinese).

Existing records: a row whose natural key matches a record the actor can
see **updates** that record to what the row says (only changed fields are
written and audited; unchanged rows count as unchanged). So an export
re-imported neither fails nor duplicates anything. Keys:

- org units: 区划代码 (the name may change; kind and parent follow from the code);
- households: 所属居委会代码 + 户号;
- people: 身份证号 (unique in the deployment, C10); without it, 所属单位代码 +
  姓名 + 出生日期. A masked number or phone (an export by a role that may
  not see them whole) keeps the stored value and must agree with it; an
  empty 身份证号 never clears a stored one. An unknown 户号 creates the household;
- positions: 所属居委会代码 + person + 职务 + 开始日期 (the end date, group and
  note may change; a new term is a new row).

An ID number registered outside the actor's scope is refused (numbers are
unique deployment-wide). Exports are scoped to the actor like every query;
ID and phone numbers are whole only for roles holding
``core.people.identity``, and each whole export is logged (``core.personal``).
"""

from __future__ import annotations

from core.imports.columns import KINDS, Column, KindSpec
from core.imports.context import RowError
from core.imports.export import export_file, template_file
from core.imports.load import ImportReport, may_import, run_import
from core.imports.readers import FileProblem

__all__ = [
    "KINDS",
    "Column",
    "FileProblem",
    "ImportReport",
    "KindSpec",
    "RowError",
    "export_file",
    "may_import",
    "run_import",
    "template_file",
]
