"""Scoring use cases (seed 003; SCORE-1..SCORE-6). Every state change goes through a table of
workflow.py; every write is audited, and every score change after a submission carries the old and
new value and the reason (R-PAR-5). What a person typed is checked in full before anything is
written: a refused save changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_noop

from congvu.core import audit, personal
from congvu.core.calendar import check_in_horizon
from congvu.core.decisions import Refused
from congvu.core.files import refuse_secret_text, store_upload, uploads_inspected_first
from congvu.core.text import clean_note, clean_text
from congvu.core.workflow import clean_reason
from congvu.notifications.services import notification_settle, notify, subject_of
from congvu.org import policies as org
from congvu.org.models import RoleGrant, Unit
from congvu.scoring import policies as may
from congvu.scoring import rules
from congvu.scoring.models import (
    Appraisal,
    Assessment,
    CriteriaSet,
    Criterion,
    EntryRequest,
    Evidence,
    Kind,
    Period,
    Score,
)
from congvu.scoring.workflow import (
    APPRAISAL_WORKFLOW,
    ASSESSMENT_WORKFLOW,
    ENTRY_REQUEST_WORKFLOW,
    PERIOD_WORKFLOW,
)

MAX_UNITS = 1000
# Who takes part in a period (its status, its appraisers, its assessed units) is kept between
# requests for the menu (``periods.selectors.involved``) under this topic: saves and deletes of
# periods, appraisers and assessed units renew it through signals (``apps``), bulk writes here.
TOPIC = "scoring.periods"
MAX_SURVEY_QUESTIONS = 30
MAX_EVIDENCE = 20  # per criterion


def periods_changed() -> None:
    personal.touch_topic(TOPIC)


FROZEN = "Bộ tiêu chí đang được dùng trong kỳ chấm điểm đã mở: không sửa được. Hãy sao chép sang bộ mới."
MIN_YEAR, MAX_YEAR = 2000, 2100


def _year(year: Any) -> int:
    try:
        value = int(year)
    except (TypeError, ValueError):
        raise Refused.invalid("Năm không hợp lệ.", field="year") from None
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise Refused.invalid(f"Năm phải từ {MIN_YEAR} đến {MAX_YEAR}.", field="year")
    return value


def _kind(kind: str) -> str:
    if kind not in Kind.values:
        raise Refused.invalid("Loại chấm điểm không hợp lệ.", field="kind")
    return kind


# --- criteria sets (SCORE-1) ----------------------------------------------------------------------


@dataclass(frozen=True)
class NodeInput:
    """One row of a criteria tree as typed or imported."""

    code: str
    name: str
    max_points: Any
    method: str = "manual"
    tiers: Sequence[Any] = ()
    deduction_step: Any = None
    guidance: str = ""
    evidence_required: bool = False


def is_frozen(criteria_set: CriteriaSet) -> bool:
    """A set in use — by a period already opened — never changes (R-PAR-4)."""
    return criteria_set.periods.exclude(status=Period.Status.DRAFT).exists()


def _clean_nodes(nodes: Sequence[NodeInput]) -> list[dict[str, Any]]:
    """Every row checked (codes, names, points, methods) and the tree checked whole (R-PAR-1)."""
    if not nodes:
        raise Refused.invalid("Bộ tiêu chí chưa có tiêu chí nào.", field="criteria")
    if len(nodes) > rules.MAX_NODES:
        raise Refused.invalid(f"Bộ tiêu chí có tối đa {rules.MAX_NODES} dòng.", field="criteria")
    rows: list[dict[str, Any]] = []
    for node in nodes:
        code = rules.normal_code(node.code)
        name = clean_text(str(node.name or ""), field="name")
        if not name:
            raise Refused.invalid(f"Tiêu chí {code} chưa có tên.", field="name")
        if len(name) > 500:
            raise Refused.invalid(f"Tên tiêu chí {code} dài quá 500 ký tự.", field="name")
        refuse_secret_text(name, field="name", what="tên tiêu chí")
        maximum = rules.points(node.max_points, field="max_points", what=f"Điểm tối đa của {code}")
        method = node.method or "manual"
        if method not in rules.METHODS:
            raise Refused.invalid(f"Phương pháp chấm của {code} không hợp lệ.", field="method")
        guidance = clean_note(str(node.guidance or ""), field="guidance")
        if len(guidance) > 4000:
            raise Refused.invalid(f"Hướng dẫn chấm của {code} dài quá 4000 ký tự.", field="guidance")
        tiers: list[str] = []
        if method == "tiered":
            tiers = [str(t) for t in rules.tiers(node.tiers, maximum)]
        step = None
        if method == "deduction":
            if node.deduction_step in (None, ""):
                raise Refused.invalid(
                    f"Tiêu chí {code} trừ điểm: cần nhập điểm trừ mỗi lần.", field="deduction_step"
                )
            step = rules.points(node.deduction_step, field="deduction_step", what="Điểm trừ mỗi lần")
            if step == 0 or step > maximum:
                raise Refused.invalid(f"Điểm trừ mỗi lần của {code} phải lớn hơn 0 và không quá điểm tối đa.",
                                      field="deduction_step")  # fmt: skip
        rows.append(
            {
                "code": code,
                "name": name,
                "max_points": maximum,
                "method": method,
                "tiers": tiers,
                "deduction_step": step,
                "guidance": guidance,
                "evidence_required": bool(node.evidence_required) and method != "survey",
                "level": len(rules.code_parts(code)),
                "sort_key": rules.sort_key(code),
            }
        )
    rules.check_tree([(r["code"], r["max_points"]) for r in rows])
    parents = {rules.parent_code(r["code"]) for r in rows}
    for row in rows:
        row["is_leaf"] = row["code"] not in parents
        if not row["is_leaf"] and row["method"] not in ("manual",):
            row["method"], row["tiers"], row["deduction_step"] = "manual", [], None  # only leaves are scored
    return sorted(rows, key=lambda r: r["sort_key"])


def _write_tree(criteria_set: CriteriaSet, rows: list[dict[str, Any]]) -> None:
    criteria_set.criteria.all().delete()
    made: dict[str, Criterion] = {}
    for row in rows:  # parents first: sorted by sort_key
        parent = made.get(rules.parent_code(row["code"]) or "")
        node = Criterion.objects.create(
            criteria_set=criteria_set,
            parent=parent,
            area=parent.area if parent is not None else None,
            **row,
        )
        if parent is None:
            node.area = node
            node.save(update_fields=["area"])
        made[row["code"]] = node


def set_create(*, year: Any, kind: str, name: str, nodes: Sequence[NodeInput], actor: Any) -> CriteriaSet:
    """A new criteria set, whole (typed or imported from a workbook): refused unless valid."""
    may.is_manager(actor).require()
    year, kind = _year(year), _kind(kind)
    name = clean_text(name or "", field="name")
    if not name or len(name) > 300:
        raise Refused.invalid("Tên bộ tiêu chí bắt buộc, tối đa 300 ký tự.", field="name")
    rows = _clean_nodes(nodes)
    with transaction.atomic():
        if CriteriaSet.objects.filter(year=year, kind=kind, name=name).exists():
            raise Refused.invalid("Đã có bộ tiêu chí cùng tên, năm và loại.", field="name")
        criteria_set = CriteriaSet.objects.create(year=year, kind=kind, name=name, created_by=actor)
        _write_tree(criteria_set, rows)
        audit.record(actor=actor, action="scoring.set.created", obj=criteria_set,
                     after={"year": year, "kind": kind, "nodes": len(rows)})  # fmt: skip
    return criteria_set


def set_replace_tree(*, criteria_set: CriteriaSet, nodes: Sequence[NodeInput], actor: Any) -> CriteriaSet:
    """Replace the whole tree of a set not yet in use (edited on screen or imported again)."""
    may.is_manager(actor).require()
    rows = _clean_nodes(nodes)
    with transaction.atomic():
        locked = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
        if is_frozen(locked):
            raise Refused.wrong_state(FROZEN)
        before = locked.criteria.count()
        _write_tree(locked, rows)
        audit.record(actor=actor, action="scoring.set.updated", obj=locked,
                     before={"nodes": before}, after={"nodes": len(rows)})  # fmt: skip
    return locked


def nodes_of(criteria_set: CriteriaSet) -> list[NodeInput]:
    """The tree of a set as rows (to copy it, to edit it, to export it)."""
    return [
        NodeInput(
            code=c.code,
            name=c.name,
            max_points=c.max_points,
            method=c.method,
            tiers=tuple(c.tiers or ()),
            deduction_step=c.deduction_step,
            guidance=c.guidance,
            evidence_required=c.evidence_required,
        )
        for c in criteria_set.criteria.order_by("sort_key")
    ]


def set_copy(*, source: CriteriaSet, year: Any, name: str, actor: Any) -> CriteriaSet:
    """Copy a set forward to a new year, to be edited there (SCORE-1)."""
    copy = set_create(year=year, kind=source.kind, name=name, nodes=nodes_of(source), actor=actor)
    CriteriaSet.objects.filter(pk=copy.pk).update(copied_from=source)
    copy.copied_from = source
    return copy


def set_delete(*, criteria_set: CriteriaSet, actor: Any) -> None:
    may.is_manager(actor).require()
    with transaction.atomic():
        if criteria_set.periods.exists():
            raise Refused.wrong_state("Bộ tiêu chí đã được dùng cho một kỳ chấm điểm: không xóa được.")
        audit.record(actor=actor, action="scoring.set.deleted", obj=criteria_set,
                     before={"year": criteria_set.year, "name": criteria_set.name})  # fmt: skip
        criteria_set.delete()


# --- periods (SCORE-2) ----------------------------------------------------------------------------


def _deadlines(self_deadline: dt.date, appraisal_deadline: dt.date) -> None:
    check_in_horizon(self_deadline, field="self_deadline")
    check_in_horizon(appraisal_deadline, field="appraisal_deadline")
    if appraisal_deadline < self_deadline:
        raise Refused.invalid("Hạn thẩm định phải sau hạn tự đánh giá.", field="appraisal_deadline")


def _questions(questions: Iterable[str]) -> list[str]:
    questions = list(questions)
    if len(questions) > 4 * MAX_SURVEY_QUESTIONS or any(len(str(q)) > 2000 for q in questions):
        raise Refused.invalid(
            f"Phiếu khảo sát có tối đa {MAX_SURVEY_QUESTIONS} câu hỏi.", field="survey_questions"
        )
    cleaned = [clean_text(str(q), field="survey_questions") for q in questions]
    cleaned = [q for q in cleaned if q]
    if len(cleaned) > MAX_SURVEY_QUESTIONS:
        raise Refused.invalid(
            f"Phiếu khảo sát có tối đa {MAX_SURVEY_QUESTIONS} câu hỏi.", field="survey_questions"
        )
    if any(len(q) > 500 for q in cleaned):
        raise Refused.invalid("Mỗi câu hỏi khảo sát tối đa 500 ký tự.", field="survey_questions")
    return cleaned


def _units(unit_ids: Iterable[int]) -> list[Unit]:
    ids = sorted({int(i) for i in unit_ids})
    if not ids:
        raise Refused.invalid("Chọn ít nhất một đơn vị được chấm điểm.", field="units")
    if len(ids) > MAX_UNITS:
        raise Refused.invalid(f"Một kỳ chấm điểm có tối đa {MAX_UNITS} đơn vị.", field="units")
    units = list(Unit.objects.filter(pk__in=ids, is_active=True))
    if len(units) != len(ids):
        raise Refused.invalid("Có đơn vị không còn hoạt động.", field="units")
    return units


@transaction.atomic
def period_create(
    *,
    criteria_set: CriteriaSet,
    title: str,
    self_deadline: dt.date,
    appraisal_deadline: dt.date,
    unit_ids: Iterable[int],
    actor: Any,
    with_survey: bool | None = None,
    survey_questions: Iterable[str] = (),
) -> Period:
    """A period in preparation: its set, units, deadlines and survey form. Opening it freezes the
    set and lets the units score themselves."""
    may.is_manager(actor).require()
    title = clean_text(title or "", field="title")
    if not title or len(title) > 300:
        raise Refused.invalid("Tên kỳ chấm điểm bắt buộc, tối đa 300 ký tự.", field="title")
    _deadlines(self_deadline, appraisal_deadline)
    units = _units(unit_ids)
    has_survey = criteria_set.criteria.filter(method=Criterion.Method.SURVEY).exists()
    period = Period.objects.create(
        criteria_set=criteria_set,
        year=criteria_set.year,
        kind=criteria_set.kind,
        title=title,
        self_deadline=self_deadline,
        appraisal_deadline=appraisal_deadline,
        with_survey=has_survey if with_survey is None else bool(with_survey) and has_survey,
        survey_questions=_questions(survey_questions),
        created_by=actor,
    )
    Assessment.objects.bulk_create(Assessment(period=period, unit=u, unit_path=u.path) for u in units)
    periods_changed()  # bulk_create sends no signal
    audit.record(actor=actor, action="scoring.period.created", obj=period,
                 after={"set": criteria_set, "units": len(units), "self_deadline": self_deadline,
                        "appraisal_deadline": appraisal_deadline})  # fmt: skip
    return period


def period_update(
    *,
    period: Period,
    actor: Any,
    title: str | None = None,
    self_deadline: dt.date | None = None,
    appraisal_deadline: dt.date | None = None,
    unit_ids: Iterable[int] | None = None,
    survey_questions: Iterable[str] | None = None,
) -> Period:
    """Correct a period: title and deadlines while not published; units and the survey form only
    while in preparation."""
    with transaction.atomic():
        locked, decision = PERIOD_WORKFLOW.locked("edit", period, actor=actor)
        changes: dict[str, Any] = {}
        if title is not None:
            title = clean_text(title, field="title")
            if not title or len(title) > 300:
                raise Refused.invalid("Tên kỳ chấm điểm bắt buộc, tối đa 300 ký tự.", field="title")
            changes["title"] = title
        new_self = self_deadline or locked.self_deadline
        new_appraisal = appraisal_deadline or locked.appraisal_deadline
        if self_deadline is not None or appraisal_deadline is not None:
            _deadlines(new_self, new_appraisal)
            changes["self_deadline"], changes["appraisal_deadline"] = new_self, new_appraisal
        if survey_questions is not None:
            if locked.status != Period.Status.DRAFT:
                raise Refused.wrong_state("Phiếu khảo sát chỉ sửa được khi kỳ chấm điểm chưa mở.")
            changes["survey_questions"] = _questions(survey_questions)
        units_note: dict[str, Any] = {}
        if unit_ids is not None:
            if locked.status != Period.Status.DRAFT:
                raise Refused.wrong_state("Danh sách đơn vị chỉ sửa được khi kỳ chấm điểm chưa mở.")
            units = _units(unit_ids)
            wanted = {u.pk for u in units}
            have = set(locked.assessments.values_list("unit_id", flat=True))
            locked.assessments.exclude(unit_id__in=wanted).delete()
            Assessment.objects.bulk_create(
                Assessment(period=locked, unit=u, unit_path=u.path) for u in units if u.pk not in have
            )
            periods_changed()  # bulk_create sends no signal
            units_note = {"units": len(wanted)}
        before = {k: getattr(locked, k) for k in changes}
        for key, value in changes.items():
            setattr(locked, key, value)
        if changes:
            locked.save(update_fields=list(changes))
        audit.record(actor=actor, on_behalf_of=decision.on_behalf_of, action="scoring.period.updated",
                     obj=locked, before=before, after={**changes, **units_note})  # fmt: skip
    return locked


def _leaves(criteria_set_id: int) -> list[Criterion]:
    return list(Criterion.objects.filter(criteria_set_id=criteria_set_id, is_leaf=True).order_by("sort_key"))


def period_open(*, period: Period, actor: Any) -> Period:
    """Open a period: the tree checked once more (R-PAR-1), one score row per unit and leaf, the
    set frozen, and each unit's entry accounts and leaders told."""
    with transaction.atomic():
        locked, _decision = PERIOD_WORKFLOW.locked("open", period, actor=actor)
        nodes = list(locked.criteria_set.criteria.values_list("code", "max_points"))
        rules.check_tree(nodes)
        if not nodes:
            raise Refused.invalid("Bộ tiêu chí chưa có tiêu chí nào.", field="criteria_set")
        if locked.self_deadline < may.today():
            raise Refused.invalid("Hạn tự đánh giá đã qua: sửa hạn trước khi mở kỳ.", field="self_deadline")
        leaves = _leaves(locked.criteria_set_id)
        assessments = list(locked.assessments.all())
        if not assessments:
            raise Refused.invalid("Kỳ chấm điểm chưa có đơn vị nào.", field="units")
        Score.objects.bulk_create(
            (Score(assessment=a, criterion=leaf) for a in assessments for leaf in leaves),
            batch_size=2000,
            ignore_conflicts=True,
        )
        opened = PERIOD_WORKFLOW.apply("open", locked, actor=actor)
        recipients = _unit_people([a.unit_path for a in assessments])
        notify(recipients=recipients, title=gettext_noop("Kỳ chấm điểm “%(title)s” đã mở"),
               body=gettext_noop("Đơn vị tự đánh giá, chấm điểm và gửi trước ngày %(deadline)s."),
               params={"title": opened.title, "deadline": f"{opened.self_deadline:%d/%m/%Y}"},
               kind="scoring", event_key=f"scoring.period.open:{opened.pk}")  # fmt: skip
    return opened


def _unit_people(paths: Iterable[str]) -> list[Any]:
    """The entry accounts and the leaders of these units (who hear about their assessment)."""
    from congvu.accounts.models import User

    paths = sorted(set(paths))
    if not paths:
        return []
    entry = Q(role_grants__role=RoleGrant.Role.SCORING_ENTRY)
    q = Q(pk__in=[])
    for path in paths:
        q |= entry & (Q(role_grants__unit__path=path) | Q(role_grants__unit__path__startswith=path))
    heads = Q(memberships__unit__path__in=paths, memberships__ended_on__isnull=True,
              memberships__position__level__in=("head", "deputy"))  # fmt: skip
    return list(User.objects.filter((q | heads) & Q(status="active")).distinct())


def period_publish(*, period: Period, actor: Any) -> Period:
    """Publish the results: every appraisal sent, the self-assessment time over (Đ11)."""
    with transaction.atomic():
        locked, _decision = PERIOD_WORKFLOW.locked("publish", period, actor=actor)
        pending = list(
            locked.appraisals.exclude(status=Appraisal.Status.SUBMITTED).select_related("appraiser")
        )
        if pending:
            names = ", ".join(a.appraiser.full_name for a in pending[:5])
            raise Refused.invalid(f"Còn thành viên chưa gửi kết quả thẩm định: {names}.")
        if not locked.appraisals.exists():
            raise Refused.invalid("Kỳ chấm điểm chưa có thành viên thẩm định nào.")
        published = PERIOD_WORKFLOW.apply("publish", locked, actor=actor)
        paths = list(locked.assessments.values_list("unit_path", flat=True))
        notify(recipients=_unit_people(paths), title=gettext_noop("Đã công bố kết quả “%(title)s”"),
               params={"title": published.title}, kind="scoring",
               event_key=f"scoring.period.publish:{published.pk}")  # fmt: skip
    return published


def appraisal_appoint(
    *, period: Period, appraiser: Any, criteria_ids: Iterable[int], actor: Any
) -> Appraisal:
    """Give a council member an appraisal account for the criteria they cover (any level: a node
    covers its leaves). A leaf is covered by one member only."""
    with transaction.atomic():
        locked, decision = PERIOD_WORKFLOW.locked("appoint", period, actor=actor)
        ids = {int(i) for i in criteria_ids}
        if not ids:
            raise Refused.invalid("Chọn ít nhất một tiêu chí phụ trách.", field="criteria")
        nodes = list(Criterion.objects.filter(criteria_set_id=locked.criteria_set_id, pk__in=ids))
        if len(nodes) != len(ids):
            raise Refused.invalid("Có tiêu chí không thuộc bộ tiêu chí của kỳ.", field="criteria")
        if getattr(appraiser, "status", "active") != "active" or not appraiser.is_active:
            raise Refused.invalid("Tài khoản thành viên thẩm định không còn hoạt động.", field="appraiser")
        mine = covered_leaf_ids(nodes)
        others = (
            Appraisal.objects.filter(period=locked).exclude(appraiser=appraiser).prefetch_related("criteria")
        )
        for other in others:
            shared = mine & covered_leaf_ids(list(other.criteria.all()))
            if shared:
                first = Criterion.objects.filter(pk__in=shared).order_by("sort_key").first()
                code = first.code if first is not None else ""
                raise Refused.invalid(f"Tiêu chí {code} đã giao cho {other.appraiser.full_name}.",
                                      field="criteria")  # fmt: skip
        appraisal, created = Appraisal.objects.get_or_create(period=locked, appraiser=appraiser)
        before = sorted(appraisal.criteria.values_list("code", flat=True)) if not created else []
        appraisal.criteria.set(nodes)
        audit.record(actor=actor, on_behalf_of=decision.on_behalf_of, action="scoring.appraisal.appointed",
                     obj=appraisal, before={"criteria": before},
                     after={"appraiser": appraiser, "criteria": sorted(n.code for n in nodes)})  # fmt: skip
        if created and locked.status == Period.Status.OPEN:
            _tell_appraiser(appraisal)
    return appraisal


def _tell_appraiser(appraisal: Appraisal) -> None:
    notify(recipients=[appraisal.appraiser], title=gettext_noop("Bạn được phân công thẩm định “%(title)s”"),
           body=gettext_noop("Hạn thẩm định: %(deadline)s."),
           params={"title": appraisal.period.title, "deadline": f"{appraisal.period.appraisal_deadline:%d/%m/%Y}"},
           kind="scoring", subject=subject_of(appraisal), awaits="submit")  # fmt: skip


def appraisal_remove(*, appraisal: Appraisal, actor: Any) -> None:
    with transaction.atomic():
        _locked, decision = PERIOD_WORKFLOW.locked("appoint", appraisal.period, actor=actor)
        if Score.objects.filter(assessment__period_id=appraisal.period_id,
                                appraised_by_id=appraisal.appraiser_id).exists():  # fmt: skip
            raise Refused.wrong_state("Thành viên này đã chấm điểm thẩm định: không bỏ phân công được.")
        audit.record(actor=actor, on_behalf_of=decision.on_behalf_of, action="scoring.appraisal.removed",
                     obj=appraisal.period, before={"appraiser": appraisal.appraiser})  # fmt: skip
        appraisal.delete()


def covered_leaf_ids(nodes: Iterable[Criterion]) -> set[int]:
    """The leaves under these nodes (a node covers its subtree)."""
    nodes = list(nodes)
    if not nodes:
        return set()
    q = Q(pk__in=[])
    for node in nodes:
        q |= Q(sort_key=node.sort_key) | Q(sort_key__startswith=node.sort_key + ".")
    return set(
        Criterion.objects.filter(q, criteria_set_id=nodes[0].criteria_set_id, is_leaf=True).values_list(
            "pk", flat=True
        )
    )


def survey_scores_save(*, period: Period, scores: Mapping[tuple[int, int], Any], actor: Any) -> int:
    """Home Affairs enters the survey points of survey leaves, per unit: ``{(assessment_id,
    criterion_id): points}``; each change audited with the old and new value."""
    with transaction.atomic():
        locked, decision = PERIOD_WORKFLOW.locked("survey", period, actor=actor)
        keys = list(scores)
        rows = {
            (s.assessment_id, s.criterion_id): s
            for s in Score.objects.select_related("criterion").filter(
                assessment__period=locked, criterion__method=Criterion.Method.SURVEY,
                assessment_id__in={a for a, _ in keys}, criterion_id__in={c for _, c in keys},
            )
        }  # fmt: skip
        cleaned: dict[tuple[int, int], Decimal | None] = {}
        for key, value in scores.items():
            row = rows.get(key)
            if row is None:
                raise Refused.invalid("Tiêu chí không lấy điểm từ điều tra xã hội học.", field="survey")
            cleaned[key] = (
                None
                if value in (None, "")
                else rules.bounded(row.criterion, value, field="survey", what="Điểm điều tra")
            )
        changed = 0
        for key, value in cleaned.items():
            row = rows[key]
            if row.survey_score != value:
                audit.record(actor=actor, on_behalf_of=decision.on_behalf_of, action="scoring.score.surveyed",
                             obj=row.assessment, before={row.criterion.code: row.survey_score},
                             after={row.criterion.code: value})  # fmt: skip
                row.survey_score = value
                row.save(update_fields=["survey_score"])
                changed += 1
    return changed


# --- self-assessment (SCORE-3, SCORE-4) -----------------------------------------------------------


@dataclass(frozen=True)
class ScoreInput:
    """What a unit types for one leaf; ``None`` leaves a field as it is, "" clears it."""

    score: Any = None
    achieved: Any = None
    planned: Any = None
    deductions: Any = None
    explanation: str | None = None


def _self_total(assessment_id: int) -> Decimal:
    total = Score.objects.filter(assessment_id=assessment_id).aggregate(total=Sum("self_score"))["total"]
    return total if total is not None else Decimal("0.00")


def assessment_save(
    *,
    assessment: Assessment,
    actor: Any,
    entries: Mapping[int, ScoreInput] | None = None,
    survey_answers: Mapping[str, str] | None = None,
) -> Assessment:
    """Save a draft: per leaf the score (by its method), the explanation; the survey answers. All
    is checked before anything is written; the running total follows."""
    entries = entries or {}
    with transaction.atomic():
        locked, decision = ASSESSMENT_WORKFLOW.locked("save", assessment, actor=actor)
        rows = {
            s.criterion_id: s
            for s in Score.objects.select_related("criterion").filter(
                assessment=locked, criterion_id__in=list(entries)
            )
        }
        plan: list[tuple[Score, dict[str, Any]]] = []
        for criterion_id, typed in entries.items():
            row = rows.get(int(criterion_id))
            if row is None:
                raise Refused.invalid("Tiêu chí không thuộc bản tự đánh giá này.", field="score")
            plan.append((row, _typed(row, typed)))
        answers = None
        if survey_answers is not None:
            answers = _answers(locked.period, survey_answers)
        old_scores: dict[str, Any] = {}
        new_scores: dict[str, Any] = {}
        for row, values in plan:
            diff = {k: v for k, v in values.items() if getattr(row, k) != v}
            if diff:
                if "self_score" in diff:  # old → new: a report reopened after submission keeps its history
                    old_scores[row.criterion.code] = row.self_score
                    new_scores[row.criterion.code] = diff["self_score"]
                for key, value in diff.items():
                    setattr(row, key, value)
                row.save(update_fields=list(diff))
        before_total = locked.self_total
        fields = ["self_total", "updated_at"]
        locked.self_total = _self_total(locked.pk)
        if answers is not None:
            locked.survey_answers = answers
            fields.append("survey_answers")
        locked.save(update_fields=fields)
        audit.record(actor=actor, on_behalf_of=decision.on_behalf_of, action="scoring.assessment.saved",
                     obj=locked, before={"scores": old_scores, "self_total": before_total},
                     after={"scores": new_scores, "self_total": locked.self_total})  # fmt: skip
    return locked


def _typed(row: Score, typed: ScoreInput) -> dict[str, Any]:
    leaf = row.criterion
    values: dict[str, Any] = {}
    if typed.explanation is not None:
        text = clean_note(typed.explanation, field="explanation")
        if len(text) > 4000:
            raise Refused.invalid(
                f"Giải trình của tiêu chí {leaf.code} dài quá 4000 ký tự.", field="explanation"
            )
        refuse_secret_text(text, field="explanation", what="giải trình")
        values["explanation"] = text
    if leaf.is_survey:
        if any(v not in (None, "") for v in (typed.score, typed.achieved, typed.planned, typed.deductions)):
            rules.leaf_score(leaf, score=typed.score)  # raises the survey refusal
        return values
    given = [typed.score, typed.achieved, typed.planned, typed.deductions]
    if all(v is None for v in given):
        return values
    if all(v in (None, "") for v in given):
        values.update(self_score=None, achieved=None, planned=None, deductions=None)
        return values
    score = rules.leaf_score(leaf, score=typed.score, achieved=typed.achieved, planned=typed.planned,
                             deductions=typed.deductions)  # fmt: skip
    values["self_score"] = score
    if leaf.method == "proportional" and typed.achieved not in (None, ""):
        values["achieved"] = rules.points(typed.achieved, field="achieved", what="Số đạt được") if not isinstance(
            typed.achieved, Decimal) else typed.achieved  # fmt: skip
        values["planned"] = rules.points(typed.planned, field="planned", what="Số kế hoạch") if not isinstance(
            typed.planned, Decimal) else typed.planned  # fmt: skip
    if leaf.method == "deduction" and typed.deductions not in (None, ""):
        values["deductions"] = int(typed.deductions)
    return values


def _answers(period: Period, answers: Mapping[str, str]) -> dict[str, str]:
    count = len(period.survey_questions or [])
    cleaned: dict[str, str] = {}
    for key, value in answers.items():
        try:
            index = int(key)
        except (TypeError, ValueError):
            raise Refused.invalid("Câu hỏi khảo sát không hợp lệ.", field="survey") from None
        if not 0 <= index < count:
            raise Refused.invalid("Câu hỏi khảo sát không hợp lệ.", field="survey")
        text = clean_note(str(value or ""), field="survey")
        if len(text) > 2000:
            raise Refused.invalid("Mỗi câu trả lời khảo sát tối đa 2000 ký tự.", field="survey")
        refuse_secret_text(text, field="survey", what="câu trả lời khảo sát")
        if text:
            cleaned[str(index)] = text
    return cleaned


@uploads_inspected_first
@transaction.atomic
def evidence_add(
    *, score: Score, actor: Any, title: str = "", upload: Any = None, link: str = ""
) -> Evidence:
    """Attach a piece of evidence to a leaf of a draft: a file (through the core file service) or
    a link to a page of Công Vụ that already holds it."""
    assessment, decision = ASSESSMENT_WORKFLOW.locked("save", score.assessment, actor=actor)
    if score.criterion.is_survey:
        raise Refused.invalid("Tiêu chí điều tra xã hội học không cần tài liệu kiểm chứng.", field="file")
    if score.evidence.count() >= MAX_EVIDENCE:
        raise Refused.invalid(f"Mỗi tiêu chí có tối đa {MAX_EVIDENCE} tài liệu kiểm chứng.", field="file")
    link = (link or "").strip()
    if (upload is None) == (not link):
        raise Refused.invalid("Chọn một tệp hoặc nhập một đường dẫn trong Công Vụ.", field="file")
    if link and (
        not link.startswith("/") or link.startswith("//") or len(link) > 500 or any(c.isspace() for c in link)
    ):
        raise Refused.invalid(
            "Đường dẫn phải là một trang trong Công Vụ, ví dụ /giao-viec/12/.", field="link"
        )
    title = clean_text(title or "", field="title")[:300]
    stored = store_upload(uploaded_file=upload, actor=actor) if upload is not None else None
    evidence = Evidence.objects.create(
        score=score, file=stored, link=link, title=title or (stored.name if stored else link), added_by=actor
    )
    audit.record(actor=actor, on_behalf_of=decision.on_behalf_of, action="scoring.evidence.added",
                 obj=assessment, after={score.criterion.code: evidence.title})  # fmt: skip
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: Evidence, actor: Any) -> None:
    assessment, decision = ASSESSMENT_WORKFLOW.locked("save", evidence.score.assessment, actor=actor)
    audit.record(actor=actor, on_behalf_of=decision.on_behalf_of, action="scoring.evidence.removed",
                 obj=assessment, before={evidence.score.criterion.code: evidence.title})  # fmt: skip
    evidence.delete()


def missing(assessment: Assessment) -> list[str]:
    """What stops a leader approving: leaves without a self-score, and leaves needing evidence
    without any (SCORE-3), as plain sentences."""
    scores = Score.objects.filter(assessment=assessment).exclude(criterion__method=Criterion.Method.SURVEY)
    unscored = list(scores.filter(self_score__isnull=True).values_list("criterion__code", flat=True)[:11])
    no_evidence = list(
        scores.filter(criterion__evidence_required=True, evidence__isnull=True)
        .values_list("criterion__code", flat=True)
        .distinct()[:11]
    )
    problems = []
    if unscored:
        problems.append(
            "Chưa chấm điểm tiêu chí: " + ", ".join(sorted(unscored, key=rules.sort_key)[:10]) + "."
        )
    if no_evidence:
        problems.append(
            "Thiếu tài liệu kiểm chứng cho tiêu chí: "
            + ", ".join(sorted(no_evidence, key=rules.sort_key)[:10])
            + "."
        )
    return problems


def assessment_approve(*, assessment: Assessment, actor: Any) -> Assessment:
    """The unit's leader approves the self-assessment report (Đ9.2): complete, with evidence."""
    with transaction.atomic():
        locked, _decision = ASSESSMENT_WORKFLOW.locked("approve", assessment, actor=actor)
        problems = missing(locked)
        if problems:
            raise Refused.invalid(" ".join(problems))
        done = ASSESSMENT_WORKFLOW.apply("approve", locked, actor=actor, changes={"approved_by": actor})
    return done


def assessment_send_back(*, assessment: Assessment, actor: Any, reason: str) -> Assessment:
    return ASSESSMENT_WORKFLOW.apply("send_back", assessment, actor=actor, reason=reason,
                                     changes={"approved_by": None, "approved_at": None})  # fmt: skip


def assessment_submit(*, assessment: Assessment, actor: Any) -> Assessment:
    """Send the approved report to Home Affairs (Đ9.3); it is locked from then on."""
    with transaction.atomic():
        done = ASSESSMENT_WORKFLOW.apply("submit", assessment, actor=actor, changes={"submitted_by": actor})
        notification_settle(subject=subject_of(done), awaits="submit")
        appraisers = [a.appraiser for a in done.period.appraisals.select_related("appraiser")]
        notify(recipients=appraisers, title=gettext_noop("%(unit)s đã gửi báo cáo tự đánh giá"),
               params={"unit": done.unit.name}, kind="scoring",
               event_key=f"scoring.assessment.submit:{done.pk}:{done.submitted_at:%s}")  # fmt: skip
    return done


def assessment_reopen(
    *, assessment: Assessment, actor: Any, reason: str, deadline: dt.date | None = None
) -> Assessment:
    """Home Affairs gives a submitted report back to the unit, with a reason and, when the period's
    deadline has passed, the unit's own new deadline."""
    changes: dict[str, Any] = {
        "approved_by": None,
        "approved_at": None,
        "submitted_by": None,
        "submitted_at": None,
    }
    if deadline is not None:
        check_in_horizon(deadline, field="deadline")
        if deadline < may.today():
            raise Refused.invalid("Hạn mới không được trước hôm nay.", field="deadline")
        changes["deadline"] = deadline
    elif may.today() > assessment.period.self_deadline and (assessment.deadline or dt.date.min) < may.today():
        raise Refused.invalid("Hạn tự đánh giá đã qua: cho đơn vị một hạn mới.", field="deadline")
    with transaction.atomic():
        done = ASSESSMENT_WORKFLOW.apply("reopen", assessment, actor=actor, reason=reason, changes=changes)
        notify(recipients=_unit_people([done.unit_path]), title=gettext_noop("Sở Nội vụ mở lại báo cáo tự đánh giá"),
               body=gettext_noop("Lý do: %(reason)s"), params={"reason": clean_reason(reason)},
               kind="scoring", subject=subject_of(done), awaits="submit")  # fmt: skip
    return done


# --- appraisal (SCORE-5) --------------------------------------------------------------------------


@dataclass(frozen=True)
class AppraisalInput:
    score: Any
    reason: str = ""


def appraisal_score(
    *, appraisal: Appraisal, assessment: Assessment, entries: Mapping[int, AppraisalInput], actor: Any
) -> int:
    """An appraiser scores the leaves they cover on one submitted assessment, beside the
    self-score; a reason is required where the two differ (Đ10.2). Each change is audited with the
    old and new score and the reason (R-PAR-5). "" clears a score not yet sent."""
    with transaction.atomic():
        locked, decision = APPRAISAL_WORKFLOW.locked("score", appraisal, actor=actor)
        if assessment.period_id != locked.period_id:
            raise Refused.invalid("Bản tự đánh giá không thuộc kỳ chấm điểm này.")
        if Assessment.objects.get(pk=assessment.pk).status != Assessment.Status.SUBMITTED:
            raise Refused.wrong_state("Đơn vị chưa gửi báo cáo tự đánh giá.")
        covered = covered_leaf_ids(list(locked.criteria.all()))
        rows = {
            s.criterion_id: s
            for s in Score.objects.select_related("criterion").filter(
                assessment=assessment, criterion_id__in=list(entries)
            )
        }
        plan: list[tuple[Score, Decimal | None, str]] = []
        for criterion_id, typed in entries.items():
            row = rows.get(int(criterion_id))
            if row is None or row.criterion_id not in covered:
                raise Refused.not_allowed("Bạn không được phân công thẩm định tiêu chí này.")
            if row.criterion.is_survey:
                raise Refused.invalid(
                    f"Tiêu chí {row.criterion.code} lấy điểm từ điều tra xã hội học.", field="score"
                )
            reason = clean_reason(typed.reason or "", what="lý do điều chỉnh")
            if len(reason) > 2000:
                raise Refused.invalid("Lý do tối đa 2000 ký tự.", field="reason")
            if typed.score in (None, ""):
                plan.append((row, None, ""))
                continue
            value = rules.bounded(row.criterion, typed.score, field="score", what="Điểm thẩm định")
            if value != row.self_score and not reason:
                raise Refused.invalid(
                    f"Tiêu chí {row.criterion.code}: điểm thẩm định khác điểm tự đánh giá, vui lòng nêu lý do.",
                    field="reason",
                )
            plan.append((row, value, reason))
        now = timezone.now()
        changed = 0
        for row, given, reason in plan:
            if row.appraised_score == given and row.appraisal_reason == reason:
                continue
            audit.record(actor=actor, on_behalf_of=decision.on_behalf_of, action="scoring.score.appraised",
                         obj=assessment, before={row.criterion.code: row.appraised_score},
                         after={row.criterion.code: given}, note=reason)  # fmt: skip
            row.appraised_score, row.appraisal_reason = given, reason
            row.appraised_by, row.appraised_at = (actor, now) if given is not None else (None, None)
            row.save(update_fields=["appraised_score", "appraisal_reason", "appraised_by", "appraised_at"])
            changed += 1
    return changed


def appraisal_left(appraisal: Appraisal) -> dict[int, int]:
    """Per submitted assessment of the period, how many covered leaves the appraiser has not scored
    (only those with some left)."""
    covered = covered_leaf_ids(list(appraisal.criteria.all()))
    survey = set(
        Criterion.objects.filter(pk__in=covered, method=Criterion.Method.SURVEY).values_list("pk", flat=True)
    )
    wanted = covered - survey
    left: dict[int, int] = {}
    if not wanted:
        return left
    rows = Score.objects.filter(
        assessment__period_id=appraisal.period_id,
        assessment__status=Assessment.Status.SUBMITTED,
        criterion_id__in=wanted,
        appraised_score__isnull=True,
    ).values_list("assessment_id", flat=True)
    for assessment_id in rows:
        left[assessment_id] = left.get(assessment_id, 0) + 1
    return left


def appraisal_submit(*, appraisal: Appraisal, actor: Any) -> Appraisal:
    """Send the appraisal results (Đ10.3): only once the self-assessment time is over (or every
    unit has submitted) and every submitted unit is scored on every covered criterion; the account
    locks."""
    with transaction.atomic():
        locked, _decision = APPRAISAL_WORKFLOW.locked("submit", appraisal, actor=actor)
        period = locked.period
        waiting = period.assessments.exclude(status=Assessment.Status.SUBMITTED)
        if may.today() <= period.self_deadline and waiting.exists():
            raise Refused.invalid(
                f"Còn đơn vị chưa gửi báo cáo tự đánh giá; hạn tự đánh giá là {period.self_deadline:%d/%m/%Y}."
            )
        if any(a.deadline and a.deadline >= may.today() for a in waiting):
            raise Refused.invalid("Còn đơn vị được Sở Nội vụ mở lại, chưa gửi lại báo cáo tự đánh giá.")
        left = appraisal_left(locked)
        if left:
            names = ", ".join(
                Assessment.objects.filter(pk__in=list(left)[:5])
                .order_by("unit__path")
                .values_list("unit__name", flat=True)
            )
            raise Refused.invalid(f"Chưa thẩm định xong {len(left)} đơn vị: {names}.")
        done = APPRAISAL_WORKFLOW.apply("submit", locked, actor=actor)
        notification_settle(subject=subject_of(done), awaits="submit")
    return done


def appraisal_unlock(*, appraisal: Appraisal, actor: Any, reason: str) -> Appraisal:
    with transaction.atomic():
        done = APPRAISAL_WORKFLOW.apply("unlock", appraisal, actor=actor, reason=reason,
                                        changes={"submitted_at": None})  # fmt: skip
        notify(recipients=[done.appraiser], title=gettext_noop("Tài khoản thẩm định “%(title)s” được mở lại"),
               body=gettext_noop("Lý do: %(reason)s"), params={"title": done.period.title, "reason": clean_reason(reason)},
               kind="scoring", subject=subject_of(done), awaits="submit")  # fmt: skip
    return done


# --- entry accounts (SCORE-2; seed 003 Đ6.1, Đ8) --------------------------------------------------


@transaction.atomic
def entry_grant(*, unit: Unit, person: Any, actor: Any) -> RoleGrant:
    """Home Affairs issues a data-entry account: the scoring-entry role on the unit."""
    decision = may.is_manager(actor).require()
    if getattr(person, "status", "active") != "active" or not person.is_active:
        raise Refused.invalid(f"Tài khoản {person} không còn hoạt động.", field="person")
    grant, created = RoleGrant.objects.get_or_create(
        user=person, role=RoleGrant.Role.SCORING_ENTRY, unit=unit
    )
    if created:
        audit.record(actor=actor, on_behalf_of=decision.on_behalf_of, action="scoring.entry.granted",
                     obj=person, after={"role": grant.role, "unit": unit})  # fmt: skip
        org.forget(person)
    return grant


@transaction.atomic
def entry_revoke(*, grant: RoleGrant, actor: Any) -> None:
    decision = may.is_manager(actor).require()
    if grant.role != RoleGrant.Role.SCORING_ENTRY:
        raise Refused.invalid("Chỉ thu hồi được tài khoản nhập liệu chấm điểm.")
    audit.record(actor=actor, on_behalf_of=decision.on_behalf_of, action="scoring.entry.revoked",
                 obj=grant.user, before={"role": grant.role, "unit": grant.unit})  # fmt: skip
    grant.delete()
    org.forget(grant.user)


@transaction.atomic
def entry_request_create(*, unit: Unit, person: Any, reason: str, actor: Any) -> EntryRequest:
    """A unit's leader asks Home Affairs for an entry account for someone of one of its units."""
    decision = may.can_request_account(actor, unit).require()
    reason = clean_text(reason or "", field="reason")
    if not reason or len(reason) > 1000:
        raise Refused.invalid("Nêu lý do đề nghị (tối đa 1000 ký tự).", field="reason")
    if (
        not person.is_active
        or not person.memberships.filter(unit__path__startswith=unit.path, ended_on__isnull=True).exists()
    ):
        raise Refused.invalid(f"{person} không công tác tại {unit.name}.", field="person")
    if EntryRequest.objects.filter(unit=unit, person=person, status=EntryRequest.Status.PENDING).exists():
        raise Refused.invalid("Đã có đề nghị cấp tài khoản này đang chờ duyệt.", field="person")
    request = EntryRequest.objects.create(unit=unit, person=person, reason=reason, requested_by=actor)
    audit.record(actor=actor, on_behalf_of=decision.on_behalf_of, action="scoring.entryrequest.created",
                 obj=request, after={"unit": unit, "person": person})  # fmt: skip
    from congvu.accounts.models import User

    managers = User.objects.filter(
        role_grants__role=RoleGrant.Role.SCORING_MANAGEMENT, status="active"
    ).distinct()
    notify(recipients=managers, title=gettext_noop("Đề nghị cấp tài khoản nhập liệu chấm điểm: %(unit)s"),
           params={"unit": unit.name}, kind="scoring", subject=subject_of(request), awaits="decide")  # fmt: skip
    return request


def entry_request_approve(*, request: EntryRequest, actor: Any) -> EntryRequest:
    with transaction.atomic():
        done = ENTRY_REQUEST_WORKFLOW.apply("approve", request, actor=actor, changes={"decided_by": actor})
        RoleGrant.objects.get_or_create(user=done.person, role=RoleGrant.Role.SCORING_ENTRY, unit=done.unit)
        org.forget(done.person)
        notification_settle(subject=subject_of(done), awaits="decide")
        notify(recipients=[done.requested_by, done.person],
               title=gettext_noop("Đã cấp tài khoản nhập liệu chấm điểm cho %(person)s"),
               params={"person": done.person.full_name}, kind="scoring")  # fmt: skip
    return done


def entry_request_reject(*, request: EntryRequest, actor: Any, reason: str) -> EntryRequest:
    with transaction.atomic():
        done = ENTRY_REQUEST_WORKFLOW.apply("reject", request, actor=actor, reason=reason,
                                            changes={"decided_by": actor})  # fmt: skip
        notification_settle(subject=subject_of(done), awaits="decide")
        notify(recipients=[done.requested_by], title=gettext_noop("Không cấp tài khoản nhập liệu cho %(person)s"),
               body=gettext_noop("Lý do: %(reason)s"),
               params={"person": done.person.full_name, "reason": clean_reason(reason)}, kind="scoring")  # fmt: skip
    return done
