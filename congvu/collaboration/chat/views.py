"""The chat screens (MISSION COL-8, "Hội thoại"): the list of conversations, a conversation with its
messages and the box to write in, a new group, a group's members; near-real-time by HTMX polling.

Polling: the conversation page asks ``moi/?sau=<last id shown>`` every few seconds (``hx-trigger=
"every 3s"``). The answer costs two small queries (the membership, the messages after the id) and
is 204 when nothing is new; new messages come back as list items appended to the log, with the new
last id. The embedded server (granian, WSGI) holds no connection open, so no server-sent events.
Every page works without JavaScript: the message form posts and the page comes back. The poll is
sent as a background request (``X-Congvu-Background``): it does not count as the person's activity,
so an unattended chat page does not keep the session open past the idle limit (TV-SEC-2).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from congvu.accounts.models import User
from congvu.collaboration.chat import forms, policies, selectors, services
from congvu.collaboration.chat.models import ConversationMember
from congvu.core.decisions import Refused
from congvu.core.forms import bind_refusal
from congvu.core.screens import press_button, query_without, stored_file_download
from congvu.org.models import Membership
from congvu.org.units.selectors import search_accounts

MAX_QUERY = 100


def _retract_display() -> dict[str, Any]:
    """What a message needs to offer "Thu hồi": the window, and the earliest send time still in it."""
    return {
        "retract_minutes": int(policies.RETRACT_WINDOW.total_seconds() // 60),
        "retract_since": timezone.now() - policies.RETRACT_WINDOW,
    }


def _url(pk: int) -> str:
    return reverse("collaboration:chat_detail", args=[pk])


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 19 else None


def _found(query: str) -> list[Any]:
    query = (query or "").strip()[:MAX_QUERY]
    return search_accounts(query) if query else []


# --- the list --------------------------------------------------------------------------------------


@require_safe
@login_required
def chat_list(request: HttpRequest) -> HttpResponse:
    """ "Hội thoại": the person's conversations, latest first, and whom to write to."""
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY]
    people = [p for p in _found(query) if p.pk != request.user.pk]
    page = selectors.conversation_page(request.user, after=request.GET.get("sau"))
    return render(
        request,
        "collaboration/chat/list.html",
        {
            "page": page,
            "query": query,
            "people": people,
            "page_query": query_without(request, "sau"),
            "detail_prefix": reverse("collaboration:chat_list"),  # each row links to <prefix><id>/
        },
    )


@require_POST
@login_required
def chat_open(request: HttpRequest, user_id: int) -> HttpResponse:
    """Open (or find again) the one-to-one conversation with a person."""
    other = User.objects.filter(pk=user_id).first()
    if other is None:
        raise Refused.not_found(_("Không tìm thấy tài khoản."))
    try:
        conversation = services.conversation_open_direct(actor=request.user, other=other)
    except Refused as refused:
        if refused.kind == Refused.Kind.NOT_FOUND:
            raise
        flash.error(request, refused.message)
        return redirect("collaboration:chat_list")
    return redirect(_url(conversation.pk))


def _group_people(request: HttpRequest) -> tuple[str, list[Any]]:
    """The people found by the search box, and those already ticked (kept between searches)."""
    query = (request.POST.get("q") or request.GET.get("q") or "").strip()[:MAX_QUERY]
    ticked = [i for i in (_int(v) for v in request.POST.getlist("members")[: policies.MAX_MEMBERS]) if i]
    chosen = list(User.objects.filter(pk__in=ticked, status=User.Status.ACTIVE).order_by("full_name", "id"))
    posts: dict[int, list[Any]] = {}
    for m in Membership.objects.current().filter(user__in=chosen).select_related("unit", "position"):
        posts.setdefault(m.user_id, []).append(m)
    for person in chosen:
        vars(person)["current_posts"] = posts.get(person.pk, [])  # read by the picker's label
    seen = {p.pk for p in chosen} | {request.user.pk}
    return query, chosen + [p for p in _found(query) if p.pk not in seen]


@login_required
def chat_group_create(request: HttpRequest) -> HttpResponse:
    """ "Tạo nhóm hội thoại": a name and people found by name; the button "Tìm" searches again and
    keeps those ticked, "Tạo nhóm" creates it."""
    query, candidates = _group_people(request)
    creating = request.method == "POST" and request.POST.get("action") == "create"
    units = selectors.own_units(request.user)
    form = forms.GroupForm(
        request.POST if request.method == "POST" else None, candidates=candidates, units=units
    )
    status = 200
    if creating:
        if form.is_valid():
            try:
                people = list(form.cleaned_data["members"] or [])
                people += selectors.unit_people([int(u) for u in form.cleaned_data.get("units") or []])
                with transaction.atomic():
                    conversation = services.group_create(
                        actor=request.user, title=form.cleaned_data["title"], members=people
                    )
            except Refused as refused:
                bind_refusal(form, refused)
                status = refused.status
            else:
                flash.success(request, _("Đã tạo nhóm hội thoại “%(t)s”.") % {"t": conversation.title})
                return redirect(_url(conversation.pk))
        else:
            status = 400
    elif request.method == "POST":
        form.errors.clear()  # a search, not a submission: no errors yet
    return render(
        request,
        "collaboration/chat/group_form.html",
        {"form": form, "query": query, "candidates": candidates, "max_members": policies.MAX_MEMBERS},
        status=status,
    )


# --- a conversation --------------------------------------------------------------------------------


def _conversation_context(
    request: HttpRequest, member: ConversationMember, form: Any = None
) -> dict[str, Any]:
    user = request.user
    conversation = member.conversation
    before = _int(request.GET.get("truoc"))
    window = selectors.messages_before(conversation.pk, before=before)
    unread_from = member.last_read_message_id
    if before is None:
        services.conversation_mark_read(member=member, actor=user)
    is_group = not conversation.is_direct
    return {
        "conversation": conversation,
        "member": member,
        "title": selectors.conversation_title(conversation, user),
        "window": window,
        "older": before is not None,
        "last_id": window.items[-1].pk if window.items else 0,
        "unread_from": unread_from,
        "form": form or forms.MessageForm(),
        "members": selectors.members(conversation) if is_group else [],
        "can_manage": bool(policies.can_manage_members(user, member)),
        "can_leave": bool(policies.can_leave(user, member)),
        **_retract_display(),
    }


@require_safe
@login_required
def chat_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = policies.access_conversation(request.user, pk)
    return render(request, "collaboration/chat/detail.html", _conversation_context(request, member))


@require_POST
@login_required
def chat_send(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a message. Without JavaScript: back to the conversation (or the page again with what was
    typed and the error). With HTMX: the box emptied and the poll asked to fetch at once — or the
    box with what was typed and the Vietnamese error (answered 200 so that htmx shows it)."""
    member = policies.access_conversation(request.user, pk)
    form = forms.MessageForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        try:
            services.chat_message_send(
                conversation=member.conversation,
                actor=request.user,
                body=form.cleaned_data["body"],
                upload=form.cleaned_data.get("file"),
            )
        except Refused as refused:
            if refused.kind == Refused.Kind.NOT_FOUND:
                raise
            bind_refusal(form, refused, fallback="body")
            status = refused.status
        else:
            if request.headers.get("HX-Request"):
                response = render(
                    request,
                    "collaboration/chat/_composer.html",
                    {"conversation": member.conversation, "form": forms.MessageForm()},
                )
                response["HX-Trigger"] = "chat-sent"
                return response
            return redirect(_url(pk))
    if request.headers.get("HX-Request"):
        return render(
            request, "collaboration/chat/_composer.html", {"conversation": member.conversation, "form": form}
        )
    return render(
        request, "collaboration/chat/detail.html", _conversation_context(request, member, form), status=status
    )


@require_safe
@login_required
def chat_poll(request: HttpRequest, pk: int) -> HttpResponse:
    """The messages after ``sau`` (204 when none): two queries, a third to move the read marker
    when someone else wrote."""
    member = policies.membership(request.user, pk)
    if member is None:
        raise Refused.not_found(policies.NOT_FOUND)
    after = _int(request.GET.get("sau")) or 0
    rows = selectors.messages_after(pk, after=after)
    if not rows:
        return HttpResponse(status=204)
    newest = rows[-1].pk
    if any(m.sender_id != request.user.pk for m in rows):
        # The messages fetched exist: the marker may go as far as the newest of them.
        member.conversation.last_message_id = max(member.conversation.last_message_id or 0, newest)
        services.conversation_mark_read(member=member, actor=request.user, up_to=newest)
    return render(
        request,
        "collaboration/chat/_poll.html",
        {"conversation": member.conversation, "rows": rows, "last_id": newest, **_retract_display()},
    )


@require_safe
def chat_badge(request: HttpRequest) -> HttpResponse:
    """The menu's unread badge, fetched by the page once loaded (one query; the page pays none).
    Empty when nothing is unread or the person is no longer signed in (never the sign-in page)."""
    count = selectors.unread_total(request.user) if request.user.is_authenticated else 0
    if not count:
        return HttpResponse("")
    return HttpResponse(
        format_html(' <span class="badge" aria-label="{}">{}</span>', _("Tin nhắn hội thoại chưa đọc"), count)
    )


@require_POST
@login_required
def chat_retract(request: HttpRequest, pk: int, message_id: int) -> HttpResponse:
    message = policies.access_message(request.user, pk, message_id)
    return press_button(
        request,
        lambda: services.chat_message_retract(message=message, actor=request.user),
        success=_("Đã thu hồi tin nhắn."),
        redirect_to=_url(pk),
    )


@require_safe
@login_required
def chat_file(request: HttpRequest, pk: int, message_id: int) -> Any:
    message = policies.access_message(request.user, pk, message_id)
    if message.attachment is None:
        raise Refused.not_found(_("Tin nhắn này không có tệp đính kèm."))
    return stored_file_download(message.attachment)


# --- a group's members -----------------------------------------------------------------------------


@login_required
def chat_members(request: HttpRequest, pk: int) -> HttpResponse:
    """Add people to a group (its administrators)."""
    member = policies.access_conversation(request.user, pk)
    policies.can_manage_members(request.user, member).require()
    query, candidates = _group_people(request)
    adding = request.method == "POST" and request.POST.get("action") == "add"
    form = forms.AddMembersForm(request.POST if request.method == "POST" else None, candidates=candidates)
    status = 200
    if adding:
        if form.is_valid():
            try:
                with transaction.atomic():
                    added = services.group_add_members(
                        conversation=member.conversation,
                        actor=request.user,
                        people=form.cleaned_data["members"],
                    )
            except Refused as refused:
                bind_refusal(form, refused, fallback="members")
                status = refused.status
            else:
                names = ", ".join(p.full_name for p in added)
                flash.success(
                    request,
                    _("Đã thêm vào nhóm: %(names)s.") % {"names": names}
                    if added
                    else _("Những người đã chọn đều đang trong nhóm."),
                )
                return redirect(_url(pk))
        else:
            status = 400
    elif request.method == "POST":
        form.errors.clear()
    return render(
        request,
        "collaboration/chat/members.html",
        {
            "form": form,
            "query": query,
            "candidates": candidates,
            "conversation": member.conversation,
            "members": selectors.members(member.conversation),
        },
        status=status,
    )


@require_POST
@login_required
def chat_member_remove(request: HttpRequest, pk: int, user_id: int) -> HttpResponse:
    member = policies.access_conversation(request.user, pk)
    person = User.objects.filter(pk=user_id).first()
    if person is None:
        raise Refused.not_found(_("Không tìm thấy tài khoản."))
    return press_button(
        request,
        lambda: services.group_remove_member(
            conversation=member.conversation, actor=request.user, person=person
        ),
        success=_("Đã bỏ %(name)s khỏi nhóm.") % {"name": person.full_name},
        redirect_to=_url(pk),
    )


@require_POST
@login_required
def chat_leave(request: HttpRequest, pk: int) -> HttpResponse:
    member = policies.access_conversation(request.user, pk)
    return press_button(
        request,
        lambda: services.group_leave(conversation=member.conversation, actor=request.user),
        success=_("Ông/bà đã rời nhóm hội thoại."),
        redirect_to=reverse("collaboration:chat_list"),
    )


urlpatterns: list[URLPattern] = [
    path("hoi-thoai/", chat_list, name="chat_list"),
    path("hoi-thoai/chua-doc/", chat_badge, name="chat_badge"),
    path("hoi-thoai/nhom-moi/", chat_group_create, name="chat_group_create"),
    path("hoi-thoai/voi/<int:user_id>/", chat_open, name="chat_open"),
    path("hoi-thoai/<int:pk>/", chat_detail, name="chat_detail"),
    path("hoi-thoai/<int:pk>/gui/", chat_send, name="chat_send"),
    path("hoi-thoai/<int:pk>/moi/", chat_poll, name="chat_poll"),
    path("hoi-thoai/<int:pk>/tin/<int:message_id>/thu-hoi/", chat_retract, name="chat_retract"),
    path("hoi-thoai/<int:pk>/tin/<int:message_id>/tep/", chat_file, name="chat_file"),
    path("hoi-thoai/<int:pk>/thanh-vien/", chat_members, name="chat_members"),
    path("hoi-thoai/<int:pk>/thanh-vien/<int:user_id>/bo/", chat_member_remove, name="chat_member_remove"),
    path("hoi-thoai/<int:pk>/roi-nhom/", chat_leave, name="chat_leave"),
]
