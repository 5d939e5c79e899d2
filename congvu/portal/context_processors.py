"""What every page's layout needs: the agency's name and, for a signed-in person, the menu the
modules registered (computed only if the template asks), the unread count and whose authority
the person holds."""

from functools import cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from congvu.core import personal, registry
from congvu.org import tree

_REVERSED: dict[tuple[str, str, str], str] = {}


def _address(url_name: str) -> str:
    """A menu entry's address, reversed once per URL configuration and script prefix: the menu's
    two dozen entries were as many ``reverse()`` calls on every page."""
    key = (url_name, get_script_prefix(), str(get_urlconf() or settings.ROOT_URLCONF))
    address = _REVERSED.get(key)
    if address is None:
        address = _REVERSED[key] = reverse(url_name)
    return address


def navigation(request) -> list[dict]:
    user = request.user
    match = getattr(request, "resolver_match", None)
    namespace = match.namespace if match else ""
    url_name = match.url_name if match else ""
    entries = []
    for entry in registry.nav_entries():
        if not entry.visible(user):
            continue
        current = bool(entry.namespace) and namespace == entry.namespace
        if current and entry.url_names:
            current = url_name in entry.url_names
        if current and entry.path_prefix:
            current = entry.path_prefix in request.path
        entries.append(
            {
                "key": entry.key,
                "label": entry.label,
                "url": _address(entry.url_name),
                "current": current,
                "badge": entry.badge(user) if entry.badge else 0,
                "badge_url": _address(entry.badge_url_name) if entry.badge_url_name else "",
            }
        )
    return entries


# The layout's own links (``site_urls.home`` …), by URL name.
SITE_URLS = {
    "home": "home",
    "search": "search",
    "profile": "accounts:profile",
    "logout": "accounts:logout",
    "set_language": "set_language",
    "feedback": "collaboration:feedback_create",
    "manifest": "push:manifest",
    "service_worker": "push:service_worker",
}


def site(request):
    context = {
        "AGENCY_NAME": settings.AGENCY_NAME,
        "SECURITY_LEVEL": settings.SECURITY_LEVEL,
        "site_urls": {key: _address(name) for key, name in SITE_URLS.items()},
    }
    if personal.drawing_kept_page(request):
        context["csrf_token"] = personal.csrf_standin()  # each request puts its own in
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from congvu.notifications.selectors import unread_count

        acting_for = tree.principals(user)
        context.update(
            # Computed at most once, and only if the template asks.
            nav_entries=cache(lambda: navigation(request)),
            nav_unread=cache(lambda: unread_count(user)),
            nav_acting_for=", ".join(p.full_name for p in acting_for),
        )
    return context
