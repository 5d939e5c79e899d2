from collections.abc import Callable

from django.apps import AppConfig
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class CataloguesConfig(AppConfig):
    name = "congvu.catalogues"
    label = "catalogues"

    def ready(self) -> None:
        from congvu.catalogues.policies import can_edit_catalogues
        from congvu.catalogues.registry import CATALOGUES
        from congvu.core import registry

        registry.urls("danh-muc/", "congvu.catalogues.urls")
        registry.api("/", "congvu.catalogues.api.router")
        registry.admin_entry(
            registry.AdminEntry(
                "catalogues",
                _("Danh mục dùng chung"),
                "catalogues:index",
                group="catalogues",
                order=20,
                visible=lambda user: bool(can_edit_catalogues(user)),
                links=tuple((c.title, "catalogues:list", (c.slug,)) for c in CATALOGUES),
            )
        )
        verbs = {
            "created": _("Thêm"),
            "updated": _("Sửa"),
            "deleted": _("Xóa"),
            "activated": _("Dùng lại"),
            "deactivated": _("Ngừng dùng"),
        }
        nouns = {
            "documenttype": _("loại văn bản"),
            "field": _("lĩnh vực"),
            "urgencylevel": _("độ khẩn"),
            "confidentialitylevel": _("độ mật"),
            "externalagency": _("cơ quan bên ngoài"),
        }
        labels = {
            f"catalogues.{model}.{verb}": format_lazy("{} {}", verb_label, noun)
            for model, noun in nouns.items()
            for verb, verb_label in verbs.items()
        }
        registry.audit_labels(labels, groups=(("catalogues.", _("Danh mục")),))
        for catalogue in CATALOGUES:
            registry.audit_object_url(catalogue.model._meta.label_lower, _entry_urls(catalogue.slug))


def _entry_urls(slug: str) -> Callable[[list[str]], dict[str, str]]:
    """The edit page of each entry of one catalogue the audit log names."""
    return lambda ids: {pk: reverse("catalogues:edit", args=[slug, int(pk)]) for pk in ids if pk.isdigit()}
