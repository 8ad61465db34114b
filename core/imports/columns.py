"""The four kinds of import file and their columns, in order, with Chinese headers.

These specs are the file format: the template, the export, the validation
and the explanatory sheet "说明" all read them, so a file exported from one
deployment imports into another. References are codes and natural keys
(division codes, 户号, ID numbers, names), never database ids.
"""

from __future__ import annotations

import dataclasses

YES_NO = "是 / 否（留空视为否）"
DATE = "日期，如 2024-05-01（也可写 2024/5/1、2024年5月1日）"


@dataclasses.dataclass(frozen=True)
class Column:
    """One column of an import file: its header, meaning and allowed values.

    ``field`` is the attribute the validated row carries; ``text`` marks
    columns whose cells must stay text in Excel (codes, ID and phone numbers,
    which Excel would otherwise turn into numbers and round).
    """

    header: str
    field: str
    meaning: str
    allowed: str = ""
    required: bool = False
    width: int = 14
    text: bool = False
    date: bool = False


@dataclasses.dataclass(frozen=True)
class KindSpec:
    """A kind of import file: its name on the command line, its label and its columns.

    ``permission`` is a permission code (``core.permissions``) needed to import
    the kind at all; None: any role that may write.
    """

    name: str
    label: str
    columns: tuple[Column, ...]
    key: str
    permission: str | None = None

    @property
    def headers(self) -> list[str]:
        """The headers in file order."""
        return [column.header for column in self.columns]


ORG_UNITS = KindSpec(
    name="org_units",
    label="组织机构（区、街道、居委会）",
    key="区划代码",
    permission="core.org.manage",
    columns=(
        Column("区划代码", "code", "12位统计用区划代码", "12位数字", True, 16, text=True),
        Column("名称", "name", "单位正式名称，如 外滩街道", "最多100字", True, 24),
        Column("类型", "kind", "单位层级", "区 / 街道 / 居委会", True, 10),
        Column(
            "上级区划代码",
            "parent_code",
            "上级单位的区划代码；区不填。上级须已存在或在本文件中靠前的行",
            "12位数字",
            False,
            16,
            text=True,
        ),
    ),
)

HOUSEHOLDS = KindSpec(
    name="households",
    label="户",
    key="所属居委会代码 + 户号",
    columns=(
        Column("所属居委会代码", "committee", "户所在居委会的区划代码", "12位数字", True, 16, True),
        Column("户号", "number", "户在本居委会登记册中的编号", "最多40字", True, 12, text=True),
        Column("地址", "address", "门牌地址，如 中山东一路12弄3号502室", "最多200字", False, 36),
        Column(
            "楼栋", "building", "所在楼栋或院落名称，须已在本居委会登记", "最多100字", False, 14
        ),
    ),
)

PEOPLE = KindSpec(
    name="people",
    label="人员",
    key="身份证号；未填身份证号时为 所属单位代码 + 姓名 + 出生日期",
    columns=(
        Column(
            "所属单位代码",
            "unit",
            "人员所属居委会（或街道、区）的区划代码",
            "12位数字",
            True,
            16,
            True,
        ),
        Column("姓名", "name", "姓名", "最多50字", True, 10),
        Column("性别", "sex", "性别；填了身份证号可不填", "男 / 女", False, 6),
        Column(
            "出生日期", "birth_date", "出生日期；填了身份证号可不填", DATE, False, 12, date=True
        ),
        Column(
            "身份证号", "id_number", "18位居民身份证号（C10）", "18位，末位可为X", False, 22, True
        ),
        Column("电话", "phone", "联系电话", "最多20字", False, 14, text=True),
        Column(
            "户号",
            "household",
            "所在户的户号；本居委会还没有此户时自动新建",
            "最多40字",
            False,
            10,
            True,
        ),
        Column("在职", "employed", "是否在职（C3）", YES_NO, False, 6),
        Column("党员", "party_member", "是否中共党员（C3）", YES_NO, False, 6),
        Column("人大代表", "npc_deputy", "是否人大代表（C3、C4）", YES_NO, False, 8),
        Column("政协委员", "cppcc_member", "是否政协委员（C3、C4）", YES_NO, False, 8),
        Column("备注", "note", "备注", "", False, 24),
    ),
)

POSITIONS = KindSpec(
    name="positions",
    label="职务",
    key="所属居委会代码 + 人员 + 职务 + 开始日期",
    columns=(
        Column(
            "所属居委会代码", "committee", "职务所在居委会的区划代码", "12位数字", True, 16, True
        ),
        Column(
            "身份证号",
            "id_number",
            "任职人员的身份证号；人员须已登记",
            "18位，末位可为X",
            False,
            22,
            True,
        ),
        Column("姓名", "name", "任职人员姓名，须与登记一致", "最多50字", True, 10),
        Column(
            "出生日期",
            "birth_date",
            "未填身份证号时，按本居委会内的 姓名 + 出生日期 确定人员",
            DATE,
            False,
            12,
            date=True,
        ),
        Column("职务", "kind", "职务名称或代码（C2）", "见下方职务列表", True, 16),
        Column(
            "居民小组", "group", "居民小组职务须填写小组名称，小组须已登记", "最多100字", False, 14
        ),
        Column("开始日期", "start_date", "任职开始日期", DATE, True, 12, date=True),
        Column(
            "结束日期", "end_date", "任职结束日期（最后一天）；在任不填", DATE, False, 12, date=True
        ),
        Column("备注", "note", "备注", "", False, 24),
    ),
)

#: Every kind, by its name on the command line and in URLs.
KINDS: dict[str, KindSpec] = {
    spec.name: spec for spec in (ORG_UNITS, HOUSEHOLDS, PEOPLE, POSITIONS)
}
