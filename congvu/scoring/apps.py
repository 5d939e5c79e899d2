from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "congvu.scoring"
    label = "scoring"

    def ready(self) -> None:
        from congvu.core import registry

        _periods_changed_on_save()

        registry.urls("cham-diem/", "congvu.scoring.urls")
        registry.audit_labels(
            {
                "scoring.set.created": _("Tạo bộ tiêu chí chấm điểm"),
                "scoring.set.updated": _("Sửa bộ tiêu chí chấm điểm"),
                "scoring.set.deleted": _("Xóa bộ tiêu chí chấm điểm"),
                "scoring.period.created": _("Tạo kỳ chấm điểm"),
                "scoring.period.updated": _("Sửa kỳ chấm điểm"),
                "scoring.period.open": _("Mở kỳ chấm điểm"),
                "scoring.period.publish": _("Công bố kết quả chấm điểm"),
                "scoring.appraisal.appointed": _("Phân công thẩm định chấm điểm"),
                "scoring.appraisal.removed": _("Bỏ phân công thẩm định chấm điểm"),
                "scoring.appraisal.submit": _("Gửi kết quả thẩm định"),
                "scoring.appraisal.unlock": _("Mở khóa tài khoản thẩm định"),
                "scoring.assessment.saved": _("Lưu tự đánh giá chấm điểm"),
                "scoring.assessment.approve": _("Duyệt báo cáo tự đánh giá"),
                "scoring.assessment.send_back": _("Trả lại báo cáo tự đánh giá để chỉnh sửa"),
                "scoring.assessment.submit": _("Gửi báo cáo tự đánh giá"),
                "scoring.assessment.reopen": _("Mở lại báo cáo tự đánh giá"),
                "scoring.evidence.added": _("Thêm tài liệu kiểm chứng"),
                "scoring.evidence.removed": _("Bỏ tài liệu kiểm chứng"),
                "scoring.score.appraised": _("Chấm điểm thẩm định"),
                "scoring.score.surveyed": _("Nhập điểm điều tra xã hội học"),
                "scoring.entry.granted": _("Cấp tài khoản nhập liệu chấm điểm"),
                "scoring.entry.revoked": _("Thu hồi tài khoản nhập liệu chấm điểm"),
                "scoring.entryrequest.created": _("Đề nghị cấp tài khoản nhập liệu chấm điểm"),
                "scoring.entryrequest.approve": _("Duyệt cấp tài khoản nhập liệu chấm điểm"),
                "scoring.entryrequest.reject": _("Từ chối cấp tài khoản nhập liệu chấm điểm"),
            },
            groups=(("scoring.", _("Chấm điểm CCHC")),),
        )
        # --- criteria (criteria sets, XLSX import/export): registered by congvu.scoring.criteria ---
        registry.api("/scoring", "congvu.scoring.criteria.api.router")
        registry.audit_object_url("scoring.criteriaset", registry.url_by_id("scoring:set_detail"))
        # --- periods (periods, appraisers, survey scores, entry accounts): registered by congvu.scoring.periods ---
        from congvu.scoring import services as scoring_services
        from congvu.scoring.periods import selectors as period_selectors

        registry.api("/scoring", "congvu.scoring.periods.api.router")
        registry.nav_entry(
            registry.NavEntry(
                "scoring",
                _("Chấm điểm CCHC"),
                "scoring:index",
                namespace="scoring",
                order=70,
                visible=period_selectors.involved,
                topics=(scoring_services.TOPIC,),
            )
        )
        registry.counter(
            registry.Counter("scoring.entry_requests", period_selectors.request_counts, order=70)
        )
        registry.audit_object_url("scoring.period", registry.url_by_id("scoring:period_detail"))
        # --- assessments (self-assessment, report, home): registered by congvu.scoring.assessments ---
        from congvu.scoring.assessments import selectors as assessment_selectors

        registry.api("/scoring", "congvu.scoring.assessments.api.router")
        registry.home_section(  # its context's counts are the "Tự đánh giá chấm điểm" counter
            registry.HomeSection(
                "scoring.assessments",
                "scoring/assessments/_home.html",
                assessment_selectors.home_section,
                order=30,
                stylesheets=("scoring/assessments.css",),
            )
        )
        registry.audit_object_url("scoring.assessment", registry.url_by_id("scoring:assessment_detail"))
        # --- appraisal (appraisers' queue and scoring, home): registered by congvu.scoring.appraisal ---
        from congvu.scoring.appraisal import selectors as appraisal

        registry.api("/scoring", "congvu.scoring.appraisal.api.router")
        registry.counter(registry.Counter("scoring.appraisal", appraisal.counts, order=50))
        registry.home_section(
            registry.HomeSection(
                "scoring.appraisal",
                "scoring/appraisal/_home.html",
                appraisal.home_section,
                order=40,
                stylesheets=("assignments/work.css",),
            )
        )
        # --- results (results, ranking, council report): registered by congvu.scoring.results ---
        registry.api("/scoring", "congvu.scoring.results.api.router")


def _periods_changed_on_save() -> None:
    """A period saved or deleted (its status), an appraiser appointed or removed, an assessed unit
    added or removed: who takes part has changed, whatever wrote it."""
    from django.db.models.signals import post_delete, post_save

    from congvu.scoring.models import Appraisal, Assessment, Period
    from congvu.scoring.services import periods_changed

    def saved(sender: Any, created: bool = False, **kwargs: Any) -> None:
        if not kwargs.get("raw") and (created or sender is Period):
            periods_changed()

    def deleted(sender: Any, **kwargs: Any) -> None:
        periods_changed()

    for model in (Appraisal, Assessment, Period):
        post_save.connect(
            saved, sender=model, dispatch_uid=f"scoring-periods-save-{model.__name__}", weak=False
        )
        post_delete.connect(
            deleted, sender=model, dispatch_uid=f"scoring-periods-delete-{model.__name__}", weak=False
        )
