from functools import cache

from django.conf import settings


def site(request):
    context = {"AGENCY_NAME": settings.AGENCY_NAME, "SECURITY_LEVEL": settings.SECURITY_LEVEL}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from congvu.notifications.selectors import unread_count
        from congvu.org import policies

        acting_for = policies.principals(user)
        context.update(
            # Computed at most once, and only if the template asks.
            nav_unread=cache(lambda: unread_count(user)),
            nav_is_admin=cache(lambda: bool(policies.is_administrator(user))),
            nav_manages=cache(lambda: bool(policies.managed_unit_paths(user))),
            nav_acting_for=", ".join(p.full_name for p in acting_for),
        )
    return context
