"""The parameters and the parts of a result: mass, street, final grade (H3, H4, H5, H6, D1, D2).

Pure assembly over ``tally.Loaded``: the parameters in force for a round
(at its period end, for its unit), the mass part of one subject in one
ballot round (turnout and items, D1/D2), the street part of a year's two
halves (H4), the 70/30 score and grade (H3, H6) and a round's own grade
(H5/H6, D1, D2). Every figure comes from the pure rules in
``rules/scores.py``; no query is made here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from plugins.huangpu_evaluation.kinds import (
    CADRE_D2,
    D1_FORM,
    D1_GRADES,
    D2_FORM,
    D2_GRADES,
    GRADES,
    MEMBER_D1,
    TERM,
    Form,
)
from plugins.huangpu_evaluation.parameters import (
    STREET_COMBINE,
    TURNOUT,
    WEIGHT_MASS,
    WEIGHT_STREET,
    P,
    cutoff_key,
    points_key,
)
from plugins.huangpu_evaluation.result_types import ItemScore, MassScore, StreetPart
from plugins.huangpu_evaluation.rules.scores import (
    Graded,
    final_score,
    grade,
    item_score,
    mean_score,
    satisfaction,
    street_half,
    street_year,
)
from plugins.huangpu_evaluation.rules.turnout import turnout
from plugins.huangpu_evaluation.tally import CommitteeRow, Loaded, RoundRow

# --- parameters --------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Params:
    """The parameters in force for one round (at its period end, for its unit)."""

    weight_mass: Decimal
    weight_street: Decimal
    combine: str
    threshold: Fraction
    points_h: tuple[Decimal, ...]
    points_d1: tuple[Decimal, ...]
    cutoffs_h: tuple[Decimal, ...]
    cutoffs_d1: tuple[Decimal, ...]
    d2_satisfied: Fraction
    d2_basic: Fraction


def params_for(loaded: Loaded, round_: RoundRow) -> Params:
    """The parameters in force for ``round_``, read once per round and kept in ``loaded``."""
    cached: Params | None = loaded.params.get(round_.id)
    if cached is None:
        cached = loaded.params[round_.id] = _read_params(loaded, round_)
    return cached


def _read_params(loaded: Loaded, round_: RoundRow) -> Params:
    def value(key: str) -> Any:
        return loaded.policy.value(key, round_.period_end, round_.unit_code, round_.unit_kind)

    return Params(
        weight_mass=value(WEIGHT_MASS),
        weight_street=value(WEIGHT_STREET),
        combine=value(STREET_COMBINE),
        threshold=value(TURNOUT),
        points_h=tuple(value(points_key("h", i)) for i in range(1, 5)),
        points_d1=tuple(value(points_key("d1", i)) for i in range(1, 4)),
        cutoffs_h=tuple(value(cutoff_key("h", i)) for i in range(1, 4)),
        cutoffs_d1=tuple(value(cutoff_key("d1", i)) for i in range(1, 3)),
        d2_satisfied=value(P + "d2.satisfied"),
        d2_basic=value(P + "d2.basic"),
    )


# --- the parts of a result -----------------------------------------------------------


def mass_part(
    loaded: Loaded,
    round_: RoundRow,
    params: Params,
    rc_id: int,
    subject_id: int | None,
    form: Form,
) -> MassScore:
    """The mass part of one subject in one ballot round: turnout, items, score (H3, D1, D2)."""
    body, took = loaded.turnout.get(rc_id, (0, 0))
    verdict = turnout(took, body, params.threshold)
    counts = loaded.counts.get((rc_id, subject_id))
    width = len(form.answers)
    per_item = [
        counts[i][:width] if counts is not None else (0,) * width for i in range(len(form.items))
    ]
    if form is D2_FORM:
        rate = satisfaction(per_item[0], params.d2_satisfied, params.d2_basic, D2_GRADES)
        items: tuple[ItemScore, ...] = (
            ItemScore(form.items[0], per_item[0], rate.value, rate.explanation),
        )
        score, text = rate.value, rate.explanation
    else:
        scale, rule = ("d1", "D1") if form is D1_FORM else ("h", "H3")
        points = params.points_d1 if scale == "d1" else params.points_h
        items = tuple(
            ItemScore(label, c, s.value, f"{label}：{s.explanation}")
            for label, c in zip(form.items, per_item, strict=True)
            for s in (item_score(c, form.answers, points, rule),)
        )
        mean = mean_score([(i.label, i.score) for i in items], form.rule)
        score, text = mean.value, mean.explanation
    if not verdict.valid:
        share = f"{params.threshold.numerator}/{params.threshold.denominator}"
        why = (
            f"参与率未达 {share}，群众评价无效（{verdict.explanation}）"
            if verdict.body
            else f"群众评价无效：{verdict.explanation}"
        )
        return MassScore(round_.id, verdict, items, None, why)
    return MassScore(round_.id, verdict, items, score, text)


def street_part(
    loaded: Loaded,
    halves: Sequence[CommitteeRow | None],
    subject_ids: Sequence[int | None],
    form: Form,
    combine: str,
    staff: bool,
) -> StreetPart:
    """The street part: each half's mean of the entered scores, then the year's (H4)."""
    scores: list[Decimal | None] = []
    texts = []
    for name, rc, subject_id in zip(("上半年", "下半年"), halves, subject_ids, strict=True):
        entry = None
        if rc is not None and (subject_id is not None or not staff):
            entry = loaded.street.get((rc.id, subject_id))
        if entry is None:
            scores.append(None)
            texts.append(f"{name}未录入街道评价")
            continue
        half = street_half([(label, entry[i]) for i, label in enumerate(form.items)])
        scores.append(half.value)
        texts.append(f"{name}：{half.explanation}")
    year = street_year(scores[0], scores[1], combine)
    return StreetPart((scores[0], scores[1]), year.value, f"{year.explanation}；{'；'.join(texts)}")


def final_grade(mass: MassScore | None, street: StreetPart | None, params: Params) -> Graded:
    """The 70/30 score and grade (H3, H6), or why there is none."""
    try:
        graded = final_score(
            None if mass is None else mass.score,
            None if street is None else street.score,
            params.weight_mass,
            params.weight_street,
            params.cutoffs_h,
            GRADES,
        )
    except ValueError as exc:
        return Graded(None, None, str(exc))
    if graded.value is not None:
        return graded
    text = graded.explanation
    if mass is None:
        text += "；本年度没有已结束的群众评议"
    elif mass.score is None:
        text += f"；{mass.explanation}"
    if street is not None and street.score is None:
        text += f"；{street.explanation}"
    return Graded(None, None, text)


def grade_round(kind: str, mass: MassScore, params: Params) -> Graded:
    """The score and grade of a round's mass part alone (H5/H6, D1, D2; annual: no grade)."""
    if mass.score is None:
        return Graded(None, None, mass.explanation)
    if kind == CADRE_D2:
        return satisfaction(mass.items[0].counts, params.d2_satisfied, params.d2_basic, D2_GRADES)
    if kind == MEMBER_D1:
        graded = grade(mass.score, params.cutoffs_d1, D1_GRADES, "D1")
    elif kind == TERM:
        graded = grade(mass.score, params.cutoffs_h, GRADES, "H5, H6")
    else:
        return Graded(mass.score, None, f"{mass.explanation}；年度综合得分另计街道评价 (H3)")
    return Graded(graded.value, graded.grade, f"{mass.explanation}；{graded.explanation}")
