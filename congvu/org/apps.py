from collections.abc import Callable
from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "congvu.org"
    label = "org"

    def ready(self) -> None:
        from congvu.core import registry
        from congvu.org import policies, tree

        _forget_on_change(tree.org_changed)
        from congvu.org.units.policies import can_view_positions, can_view_tree

        registry.urls("to-chuc/", "congvu.org.urls")
        registry.api("/", "congvu.org.units.api.router")
        registry.api("/", "congvu.org.delegations.api.router")
        registry.nav_entry(
            registry.NavEntry(
                "org.delegations",
                _("Ủy quyền"),
                "org:delegations",
                namespace="org",
                path_prefix="/uy-quyen/",
                order=70,
            )
        )
        from congvu.org.delegations.selectors import waiting_counts
        from congvu.org.units.selectors import people_hits, unit_hits

        registry.counter(registry.Counter("org.delegations", waiting_counts, order=20))
        registry.search_provider(registry.SearchProvider("people", _("Người"), people_hits, order=20))
        registry.search_provider(registry.SearchProvider("units", _("Đơn vị"), unit_hits, order=30))
        registry.home_section(
            registry.HomeSection(
                "org.posts",
                "org/_home_posts.html",
                lambda user: {
                    "memberships": policies.memberships(user),
                    "roles": policies.roles(user),
                    "acting_for": tree.principals(user),
                },
                order=80,
            )
        )
        for key, label, url_name, description, order, visible in (
            (
                "org.units",
                _("Cơ cấu tổ chức"),
                "org:unit_tree",
                _("Cây đơn vị, mã định danh"),
                30,
                can_view_tree,
            ),
            (
                "org.positions",
                _("Chức vụ"),
                "org:position_list",
                _("Danh sách chức vụ và cấp"),
                40,
                can_view_positions,
            ),
            ("org.delegations", _("Ủy quyền"), "org:delegations", _("Ủy quyền xử lý thay"), 50, None),
        ):
            registry.admin_entry(
                registry.AdminEntry(
                    key,
                    label,
                    url_name,
                    group="org",
                    description=description,
                    order=order,
                    visible=_visible(visible),
                )
            )
        registry.audit_labels(
            {
                "org.unit.created": _("Tạo đơn vị"),
                "org.unit.updated": _("Sửa đơn vị"),
                "org.unit.activated": _("Kích hoạt đơn vị"),
                "org.unit.deactivated": _("Ngừng hoạt động đơn vị"),
                "org.membership.started": _("Bố trí vào đơn vị, chức vụ"),
                "org.membership.ended": _("Kết thúc công tác tại đơn vị"),
                "org.role.granted": _("Giao vai trò"),
                "org.role.revoked": _("Thu hồi vai trò"),
                "org.membership.in_charge_set": _("Giao phụ trách đơn vị"),
                "org.position.created": _("Thêm chức vụ"),
                "org.position.updated": _("Sửa chức vụ"),
                "org.delegation.request": _("Đề nghị ủy quyền"),
                "org.delegation.approve": _("Duyệt ủy quyền"),
                "org.delegation.auto_approve": _("Tự động duyệt ủy quyền"),
                "org.delegation.reject": _("Không duyệt ủy quyền"),
                "org.delegation.cancel": _("Hủy đề nghị ủy quyền"),
                "org.delegation.revoke": _("Chấm dứt ủy quyền"),
            },
            groups=(("org.", _("Tổ chức")), ("org.delegation.", _("Ủy quyền"))),
        )
        registry.audit_object_url("org.unit", registry.url_by_id("org:unit_detail"))
        registry.audit_object_url("org.position", registry.url_by_id("org:position_edit"))
        registry.audit_object_url("org.delegation", registry.url_by_id("org:delegation_detail"))


def _visible(check: Callable[[Any], Any] | None) -> Callable[[Any], bool]:
    """A registry predicate from a policy answer (a Decision or a list); everyone when none."""
    if check is None:
        return lambda user: True
    return lambda user: bool(check(user))


def _forget_on_change(org_changed: Callable[[], None]) -> None:
    """Any saved or deleted post, role, unit, position or delegation (and a deputy's charges) bumps
    the organisation's version, whatever wrote it: services, the Django admin, a data fix."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from congvu.org.models import Delegation, Membership, Position, RoleGrant, Unit

    def changed(sender: Any, **kwargs: Any) -> None:
        if kwargs.get("raw"):  # fixtures being loaded
            return
        org_changed()

    for model in (Delegation, Membership, Position, RoleGrant, Unit):
        post_save.connect(
            changed, sender=model, dispatch_uid=f"org-changed-save-{model.__name__}", weak=False
        )
        post_delete.connect(
            changed, sender=model, dispatch_uid=f"org-changed-delete-{model.__name__}", weak=False
        )
    m2m_changed.connect(
        changed, sender=Membership.in_charge_of.through, dispatch_uid="org-changed-charges", weak=False
    )
