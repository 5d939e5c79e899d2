from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyntheticConfig(AppConfig):
    """The demo province and the generated provinces for benchmarks."""

    name = "congvu.synthetic"
    label = "synthetic"

    def ready(self) -> None:
        from congvu.core import registry

        registry.audit_labels({"org.province.generated": _("Sinh dữ liệu tỉnh mẫu")})
