from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectivesConfig(AppConfig):
    name = "congvu.directives"
    label = "directives"

    def ready(self) -> None:
        from congvu.core import registry

        registry.urls("chi-dao/", "congvu.directives.urls")
        registry.audit_labels(
            {
                "directives.directive.created": _("Cập nhật văn bản chỉ đạo"),
                "directives.directive.updated": _("Sửa văn bản chỉ đạo"),
                "directives.directive.publish": _("Giao nhiệm vụ chỉ đạo"),
                "directives.task.created": _("Thêm nhiệm vụ chỉ đạo"),
                "directives.task.updated": _("Điều chỉnh nhiệm vụ chỉ đạo"),
                "directives.task.appoint": _("Phân công cập nhật nhiệm vụ chỉ đạo"),
                "directives.task.distributed": _("Giao việc trong cơ quan từ nhiệm vụ chỉ đạo"),
                "directives.directivetask.report": _("Báo cáo nhiệm vụ chỉ đạo"),
                "directives.directivetask.accept": _("Duyệt báo cáo tiến độ nhiệm vụ chỉ đạo"),
                "directives.directivetask.approve": _("Duyệt hoàn thành nhiệm vụ chỉ đạo"),
                "directives.directivetask.reject": _("Từ chối báo cáo nhiệm vụ chỉ đạo"),
                "directives.directivetask.return": _("Trả lại nhiệm vụ chỉ đạo cho Văn phòng"),
                "directives.directivetask.reassign": _("Giao lại nhiệm vụ chỉ đạo"),
                "directives.directivetask.cancel": _("Hủy nhiệm vụ chỉ đạo"),
                "directives.grant.created": _("Cấp quyền xem dữ liệu chỉ đạo"),
                "directives.grant.revoked": _("Thu hồi quyền xem dữ liệu chỉ đạo"),
            },
            groups=(("directives.", _("Theo dõi chỉ đạo")),),
        )
        # --- entry (directives, grants): registered by congvu.directives.entry ---
        from congvu.directives.entry import selectors as entry

        registry.api("/directives", "congvu.directives.entry.api.router")
        registry.nav_entry(
            registry.NavEntry(
                "directives.list",
                _("Văn bản chỉ đạo"),
                "directives:list",
                namespace="directives",
                url_names=("list", "create", "late", "grants", "directive_detail"),
                order=60,
                visible=entry.sees_directives,
            )
        )
        registry.audit_object_url("directives.directive", registry.url_by_id("directives:directive_detail"))
        registry.counter(registry.Counter("directives.late_entries", entry.late_counts, order=40))
        # --- tasks (agency lists, review queue, home): registered by congvu.directives.tasks ---
        from congvu.directives.tasks import selectors as task_selectors

        registry.api("/directives", "congvu.directives.tasks.api.router")
        registry.nav_entry(
            registry.NavEntry(
                "directives.tasks",
                _("Nhiệm vụ chỉ đạo"),
                "directives:tasks",
                namespace="directives",
                url_names=("tasks", "task_detail"),
                order=60,
            )
        )
        registry.nav_entry(
            registry.NavEntry(
                "directives.review_queue",
                _("Duyệt báo cáo"),
                "directives:review_queue",
                namespace="directives",
                url_names=("review_queue",),
                order=61,
                visible=task_selectors.is_office_anywhere,
            )
        )
        registry.home_section(
            registry.HomeSection(
                "directives.tasks",
                "directives/tasks/_home.html",
                task_selectors.home_section,
                order=20,
                stylesheets=("assignments/work.css", "directives/tasks.css"),
            )
        )
        registry.search_provider(
            registry.SearchProvider(
                "directive_tasks", _("Nhiệm vụ chỉ đạo"), task_selectors.task_hits, order=20
            )
        )
        registry.audit_object_url("directives.directivetask", registry.url_by_id("directives:task_detail"))
        # --- stats (DIR-6 reports, periods, leader dashboard): registered by congvu.directives.stats ---
        from congvu.directives.stats import selectors as stats_selectors

        registry.api("/directives", "congvu.directives.stats.api.router")
        registry.audit_labels({"directives.period.closed": _("Chốt số liệu kỳ báo cáo chỉ đạo")})
        registry.nav_entry(
            registry.NavEntry(
                "directives.report",
                _("Báo cáo chỉ đạo"),
                "directives:report",
                namespace="directives",
                url_names=("report",),
                order=62,
                visible=lambda user: bool(stats_selectors.statistics_agencies(user)),
            )
        )
        registry.nav_entry(  # the directing leaders' own page: not the office's
            registry.NavEntry(
                "directives.dashboard",
                _("Chỉ đạo của tôi"),
                "directives:dashboard",
                namespace="directives",
                url_names=("dashboard",),
                order=59,
                visible=stats_selectors.leads_an_issuing_agency,
            )
        )
        # --- recurring (DIR-7 periodic items): registered by congvu.directives.recurring ---
