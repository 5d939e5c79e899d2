from collections.abc import Callable
from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "congvu.assignments"
    label = "assignments"

    def ready(self) -> None:
        from congvu.assignments import policies, selectors
        from congvu.core import registry

        _concerned_see_it_at_once()

        registry.urls("cong-viec/", "congvu.assignments.urls")
        registry.api("/assignments", "congvu.assignments.api.router")
        registry.api("/assignments", "congvu.assignments.reports.api.router")
        for key, label, url_name, names, prefix, order, visible in (
            ("assignments.mine", _("Việc của tôi"), "assignments:mine", ("mine",), "", 10, None),
            ("assignments.given", _("Việc tôi giao"), "assignments:given", ("given",), "", 20, None),
            (
                "assignments.unit",
                _("Việc của đơn vị"),
                "assignments:unit",
                ("unit",),
                "",
                30,
                policies.led_paths,
            ),
            (
                "assignments.leaders",
                _("Việc lãnh đạo giao"),
                "assignments:leaders",
                ("leaders",),
                "",
                35,
                policies.followed_agencies,
            ),
            ("assignments.report", _("Đánh giá"), "assignments:report", (), "/bao-cao/", 40, None),
            ("assignments.plan", _("Kế hoạch"), "assignments:plan", (), "/ke-hoach/", 50, None),
        ):
            registry.nav_entry(
                registry.NavEntry(
                    key,
                    label,
                    url_name,
                    namespace="assignments",
                    url_names=names,
                    path_prefix=prefix,
                    order=order,
                    visible=_visible(visible),
                )
            )
        registry.audit_labels(
            {
                "assignments.assignment.created": _("Giao việc"),
                "assignments.assignment.updated": _("Sửa công việc"),
                "assignments.assignment.progress": _("Báo cáo tiến độ"),
                "assignments.assignment.start": _("Bắt đầu thực hiện công việc"),
                "assignments.assignment.submit": _("Gửi kết quả công việc"),
                "assignments.assignment.approve": _("Duyệt hoàn thành công việc"),
                "assignments.assignment.return": _("Trả lại kết quả công việc"),
                "assignments.assignment.reassign": _("Giao lại công việc"),
                "assignments.assignment.extend": _("Gia hạn công việc"),
                "assignments.assignment.cancel": _("Hủy công việc"),
                "assignments.attachment.added": _("Đính kèm tệp vào công việc"),
                "assignments.checklist.toggled": _("Đánh dấu đầu việc"),
                "assignments.extension.requested": _("Đề nghị gia hạn"),
                "assignments.extension.grant": _("Đồng ý gia hạn"),
                "assignments.extension.refuse": _("Không đồng ý gia hạn"),
                "assignments.plan.created": _("Lập kế hoạch công tác"),
                "assignments.plan.item_added": _("Thêm mục kế hoạch"),
                "assignments.plan.item_removed": _("Bỏ mục kế hoạch"),
            },
            groups=(("assignments.", _("Công việc")), ("assignments.plan.", _("Kế hoạch công tác"))),
        )
        registry.audit_object_url("assignments.assignment", registry.url_by_id("assignments:detail"))
        registry.audit_object_url("assignments.workplan", registry.url_by_id("assignments:plan_detail"))
        registry.audit_object_url("assignments.extension", selectors.extension_urls)
        registry.home_section(
            registry.HomeSection(
                "assignments.today",
                "assignments/_home_work.html",
                selectors.home_section,
                order=10,
                stylesheets=("assignments/work.css",),
            )
        )
        registry.search_provider(
            registry.SearchProvider("work", _("Công việc"), selectors.work_hits, order=10)
        )
        registry.home_section(
            registry.HomeSection(
                "assignments.overview",
                "assignments/_home_overview.html",
                selectors.leader_overview,
                order=15,
                stylesheets=("assignments/work.css",),
            )
        )


def _visible(check: Callable[[Any], Any] | None) -> Callable[[Any], bool]:
    """A registry predicate from a policy answer (a Decision or a list); everyone when none."""
    if check is None:
        return lambda user: True
    return lambda user: bool(check(user))


def _concerned_see_it_at_once() -> None:
    """A work item or an extension request saved, by whatever path (a service, the admin, a job):
    its lead (the person, or the heads of the lead unit), its approver and who gave it — before
    the save and after it — find their counters and pages as they now are on their next look
    (``congvu.core.personal``), told of it or not (a co-head who submitted the unit's work, say);
    and so does whoever follows the work of a subtree it lies in ("Việc của đơn vị": the topic of
    every unit above it, ``selectors.subtree_topic``)."""
    from django.db.models.signals import post_init, post_save

    from congvu.assignments import selectors
    from congvu.assignments.models import Assignment, Extension
    from congvu.core import personal
    from congvu.org import tree

    concerned = (
        "assigner_id",
        "assigned_on_behalf_of_id",
        "approver_id",
        "lead_user_id",
        "lead_unit_id",
        "unit_path",
    )

    def loaded(sender: Any, instance: Any, **kwargs: Any) -> None:
        # what the row said when read (a deferred field is not read for this)
        instance._concerned_when_loaded = tuple(instance.__dict__.get(name) for name in concerned)

    def saved(sender: Any, instance: Any, **kwargs: Any) -> None:
        if kwargs.get("raw") or not personal.enabled():
            return
        item = instance.assignment if sender is Extension else instance
        now = tuple(getattr(item, name) for name in concerned)
        people, units, paths = set(now[:4]), {now[4]}, {now[5]}
        before = getattr(item, "_concerned_when_loaded", None)
        if before and before != now:
            people.update(before[:4])
            units.add(before[4])
            paths.add(before[5])
        for unit_id in units - {None}:
            people.update(tree.heads_of(unit_id).values_list("pk", flat=True))
        personal.touch(people)
        personal.touch_topic(
            *{selectors.subtree_topic(p) for path in paths if path for p in ["", *tree.ancestor_paths(path)]}
        )
        item._concerned_when_loaded = now

    post_init.connect(loaded, sender=Assignment, dispatch_uid="assignments-concerned-loaded", weak=False)
    for model in (Assignment, Extension):
        post_save.connect(
            saved, sender=model, dispatch_uid=f"assignments-concerned-{model.__name__}", weak=False
        )
