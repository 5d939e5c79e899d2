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
        registry.home_section(
            registry.HomeSection(
                "assignments.today",
                "assignments/_home_work.html",
                selectors.home_section,
                order=10,
                stylesheets=("assignments/work.css",),
            )
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
