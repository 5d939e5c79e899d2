"""Where modules plug into the product (STYLE: Layout — "modules register themselves").

Core knows no module; each module registers, in its ``AppConfig.ready()``, what it adds:

- ``urls(prefix, "congvu.x.urls")`` and ``api(prefix, "congvu.x.api.router")`` — read by the two
  entry points ``congvu/urls.py`` and ``congvu/api.py``;
- ``home_section(...)`` — a block of the home page "Hôm nay", with its template and context;
- ``counter(...)`` — numbers of things waiting on the person ("Chờ tôi xử lý"), each with its list;
- ``nav_entry(...)`` — an entry of the main menu;
- ``admin_entry(...)`` — a card of the administration page "Quản trị";
- ``search_provider(...)`` — what the header search box finds in the module;
- ``audit_labels(...)`` — Vietnamese labels of the audit actions the module records, and
  ``audit_note_labels(...)`` of the codes some of them keep as their note ("idle" on a sign-out);
- ``audit_object_url(...)`` — where the log links an object of one of the module's models;
- ``banner(...)`` — a strip shown above every page to a signed-in person (maintenance notices).

The portal (the top layer) reads these; adding a module touches no file of another module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Predicate = Callable[[Any], bool]
# The addresses of some objects of one model, from their ids as the audit log stores them (one call
# for a whole page of the log, so that a module may read them in one query); ids it cannot place
# are left out.
ObjectUrls = Callable[[list[str]], dict[str, str]]


def always(user: Any) -> bool:
    return True


@dataclass(frozen=True)
class Mount:
    prefix: str
    target: str  # "congvu.x.urls" or "congvu.x.api.router"
    order: int = 100


@dataclass(frozen=True)
class HomeSection:
    """A block of "Hôm nay": ``context(user)`` returns the template's context (as ``section``), or
    None to hide it. A ``counts`` entry (a list of :class:`Count`) joins the numbers at the top."""

    key: str
    template: str
    context: Callable[[Any], dict[str, Any] | None]
    order: int = 100
    stylesheets: tuple[str, ...] = ()  # static paths the template needs


@dataclass(frozen=True)
class Count:
    """One number of things waiting on the person, and where the list of them is."""

    label: Any
    value: int
    url: str
    tone: str = ""  # "", "warn" or "bad": how the number is shown
    waiting: bool = False  # something waiting on the person's decision ("Chờ tôi xử lý")


@dataclass(frozen=True)
class Counter:
    """A module's numbers of things waiting on the person ("chờ tôi xử lý"): ``counts(user)``
    returns them all at once, so a module can read them in one query."""

    key: str
    counts: Callable[[Any], list[Count]]
    order: int = 100


@dataclass(frozen=True)
class NavEntry:
    """An entry of the main menu: shown when ``visible(user)``; current when the request's
    namespace is ``namespace`` and its path starts with ``path_prefix`` (when given)."""

    key: str
    label: Any
    url_name: str
    namespace: str = ""
    url_names: tuple[str, ...] = ()
    path_prefix: str = ""
    order: int = 100
    visible: Predicate = always
    badge: Callable[[Any], int] | None = None
    # The address (URL name) of a fragment holding the badge, fetched once the page has loaded and
    # again every half minute: the page itself pays no query for it.
    badge_url_name: str = ""
    # The topics (``congvu.core.personal.touch_topic``) whose renewal may change whether the entry
    # shows: every page kept whole hangs on them too, since the menu is part of it.
    topics: tuple[str, ...] = ()


def nav_topics() -> list[str]:
    """The topics of every menu entry (``NavEntry.topics``)."""
    return sorted({topic for entry in nav_entries() for topic in entry.topics})


@dataclass(frozen=True)
class AdminEntry:
    """A link of the administration page, in one of its groups ("org", "catalogues", "monitoring")."""

    key: str
    label: Any
    url_name: str
    group: str
    description: Any = ""
    order: int = 100
    visible: Predicate = always
    query: str = ""
    links: tuple[tuple[Any, str, tuple[Any, ...]], ...] = ()  # (label, url name, args) shown beneath


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    kind: Any
    detail: str = ""


@dataclass(frozen=True)
class SearchProvider:
    """``search(user, text, limit)`` returns the hits the person may see."""

    key: str
    label: Any
    search: Callable[[Any, str, int], list[SearchHit]]
    order: int = 100


@dataclass(frozen=True)
class Banner:
    """A strip above every page for a signed-in person: ``context(request)`` returns the template's
    context (as ``banner``), or None to show nothing. It runs on every page: keep it to the cache,
    or one cheap query."""

    key: str
    template: str
    context: Callable[[Any], dict[str, Any] | None]
    order: int = 100


@dataclass
class Registry:
    url_mounts: list[Mount] = field(default_factory=list)
    api_mounts: list[Mount] = field(default_factory=list)
    home_sections: dict[str, HomeSection] = field(default_factory=dict)
    counters: dict[str, Counter] = field(default_factory=dict)
    nav_entries: dict[str, NavEntry] = field(default_factory=dict)
    admin_entries: dict[str, AdminEntry] = field(default_factory=dict)
    search_providers: dict[str, SearchProvider] = field(default_factory=dict)
    audit_action_labels: dict[str, Any] = field(default_factory=dict)
    audit_action_groups: list[tuple[str, Any]] = field(default_factory=list)
    audit_note_labels: dict[str, dict[str, Any]] = field(default_factory=dict)
    audit_object_urls: dict[str, ObjectUrls] = field(default_factory=dict)
    banners: dict[str, Banner] = field(default_factory=dict)

    @staticmethod
    def _sorted(items: dict[str, Any]) -> list[Any]:
        return sorted(items.values(), key=lambda item: (item.order, item.key))


REGISTRY = Registry()


def urls(prefix: str, module: str, *, order: int = 100) -> None:
    REGISTRY.url_mounts.append(Mount(prefix, module, order))


def api(prefix: str, router: str, *, order: int = 100) -> None:
    REGISTRY.api_mounts.append(Mount(prefix, router, order))


def home_section(section: HomeSection) -> None:
    REGISTRY.home_sections[section.key] = section


def counter(item: Counter) -> None:
    REGISTRY.counters[item.key] = item


def nav_entry(entry: NavEntry) -> None:
    REGISTRY.nav_entries[entry.key] = entry


def admin_entry(entry: AdminEntry) -> None:
    REGISTRY.admin_entries[entry.key] = entry


def search_provider(provider: SearchProvider) -> None:
    REGISTRY.search_providers[provider.key] = provider


def audit_labels(labels: dict[str, Any], *, groups: tuple[tuple[str, Any], ...] = ()) -> None:
    """Labels of exact action codes, and groups (code prefixes) offered as filters of the log."""
    REGISTRY.audit_action_labels.update(labels)
    REGISTRY.audit_action_groups.extend(groups)


def audit_label(code: str) -> str:
    """The Vietnamese label a module registered for an audit action, '' for an unknown code (the
    raw code is always shown beside it, so nothing hides behind a missing label)."""
    label = REGISTRY.audit_action_labels.get(code)
    return str(label) if label is not None else ""


def audit_note_labels(action: str, labels: dict[str, Any]) -> None:
    """Readable forms of the codes an action keeps as its note: ``{"idle": _("hết thời gian chờ")}``."""
    REGISTRY.audit_note_labels.setdefault(action, {}).update(labels)


def audit_note(action: str, note: str) -> str:
    """The note of an event as people read it: its registered label, else the note as written."""
    label = REGISTRY.audit_note_labels.get(action, {}).get(note)
    return str(label) if label is not None else note


def audit_object_url(object_type: str, urls: ObjectUrls) -> None:
    """Where the audit log links objects of ``object_type`` (a model's ``app.model`` label)."""
    REGISTRY.audit_object_urls[object_type] = urls


def url_by_id(url_name: str) -> ObjectUrls:
    """The common case of ``audit_object_url``: the page named ``url_name`` takes the object's id."""
    from django.urls import reverse

    return lambda ids: {pk: reverse(url_name, args=[int(pk)]) for pk in ids if pk.isdigit()}


def audit_object_links(objects: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The address of each ``(object_type, object_id)`` a module can place, by one call per type."""
    by_type: dict[str, list[str]] = {}
    for object_type, object_id in objects:
        if object_type in REGISTRY.audit_object_urls and object_id:
            by_type.setdefault(object_type, []).append(object_id)
    links: dict[tuple[str, str], str] = {}
    for object_type, ids in by_type.items():
        for object_id, url in REGISTRY.audit_object_urls[object_type](sorted(set(ids))).items():
            links[(object_type, object_id)] = url
    return links


def banner(item: Banner) -> None:
    REGISTRY.banners[item.key] = item


def banners() -> list[Banner]:
    return Registry._sorted(REGISTRY.banners)


def home_sections() -> list[HomeSection]:
    return Registry._sorted(REGISTRY.home_sections)


def counters() -> list[Counter]:
    return Registry._sorted(REGISTRY.counters)


def nav_entries() -> list[NavEntry]:
    return Registry._sorted(REGISTRY.nav_entries)


def admin_entries() -> list[AdminEntry]:
    return Registry._sorted(REGISTRY.admin_entries)


def search_providers() -> list[SearchProvider]:
    return Registry._sorted(REGISTRY.search_providers)


def url_mounts() -> list[Mount]:
    return sorted(REGISTRY.url_mounts, key=lambda m: m.order)


def api_mounts() -> list[Mount]:
    return sorted(REGISTRY.api_mounts, key=lambda m: m.order)
