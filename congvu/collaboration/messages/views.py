"""The message screens (COL-2): the boxes (Thư đến, Đã gửi, Gắn sao, Thùng rác, the person's
folders), compose (with reply, reply-all and forward), the read view with the copy's actions, the
folders page, and attachments.

Adapters only: the person's copy first (``policies.access_copy``: 404 alike for missing and
another's), then the form, then one service.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from congvu.collaboration.messages import forms, policies, selectors, services
from congvu.collaboration.messages.models import Message, MessageAttachment
from congvu.core.decisions import Refused
from congvu.core.screens import form_page, press_button, query_without, stored_file_download


def _read_url(message_pk: int) -> str:
    return reverse("collaboration:messages_read", args=[message_pk])


# --- boxes ----------------------------------------------------------------------------------------


def _box(request: HttpRequest, *, box: str, folder_pk: int | None = None) -> HttpResponse:
    folder = policies.access_folder(request.user, folder_pk) if folder_pk is not None else None
    sort = request.GET.get("sap_xep") or "date"
    if sort not in selectors.SORTS:
        sort = "date"
    filters = selectors.BoxFilters(
        box=box,
        folder=folder,
        sort=sort,
        unread=request.GET.get("chua_doc") == "1",
        attachments=request.GET.get("dinh_kem") == "1",
        text=(request.GET.get("q") or "")[: selectors.MAX_QUERY],
    )
    page = selectors.box_page(request.user, filters, after=request.GET.get("sau"))
    return render(
        request,
        "collaboration/messages/box.html",
        {
            "page": page,
            "filters": filters,
            "box": box,
            "folder": folder,
            "title": folder.name if folder else selectors.BOXES[box],
            "folders": selectors.folders(request.user),
            "sorts": selectors.SORT_LABELS,
            "query": query_without(request, "sau"),
        },
    )


@require_safe
@login_required
def messages_inbox(request: HttpRequest) -> HttpResponse:
    return _box(request, box="inbox")


@require_safe
@login_required
def messages_sent(request: HttpRequest) -> HttpResponse:
    return _box(request, box="sent")


@require_safe
@login_required
def messages_starred(request: HttpRequest) -> HttpResponse:
    return _box(request, box="starred")


@require_safe
@login_required
def messages_trash(request: HttpRequest) -> HttpResponse:
    return _box(request, box="trash")


@require_safe
@login_required
def messages_folder(request: HttpRequest, pk: int) -> HttpResponse:
    return _box(request, box="folder", folder_pk=pk)


# --- compose --------------------------------------------------------------------------------------


def _original(request: HttpRequest) -> tuple[str, Message | None]:
    for mode, name in (("reply", "tra_loi"), ("reply_all", "tra_loi_tat_ca"), ("forward", "chuyen_tiep")):
        raw = request.GET.get(name) or request.POST.get(name)
        if raw:
            if not raw.isdigit() or len(raw) > 18:
                raise Refused.not_found(policies.NOT_FOUND)
            return mode, policies.access_copy(request.user, int(raw)).message
    return "new", None


def _quoted(message: Message) -> str:
    when = message.sent_at.strftime("%d/%m/%Y %H:%M")
    quoted = "\n".join(f"> {line}" for line in message.body.splitlines())
    return f"\n\n--- {message.sender.full_name}, {when} ---\n{quoted}"


@login_required
def messages_compose(request: HttpRequest) -> HttpResponse:
    policies.can_send(request.user).require()
    mode, original = _original(request)
    initial: dict = {}
    if original is not None:
        if mode == "forward":
            initial["subject"] = f"Chuyển tiếp: {original.subject}"[: services.MAX_SUBJECT]
        else:
            people, units = selectors.reply_addresses(request.user, original, everyone=mode == "reply_all")
            initial["people"] = [str(p.pk) for p in people]
            initial["units"] = [str(u.pk) for u in units]
            prefix = "" if original.subject.startswith("Trả lời:") else "Trả lời: "
            initial["subject"] = f"{prefix}{original.subject}"[: services.MAX_SUBJECT]
        initial["body"] = _quoted(original)[: services.MAX_BODY]
    form = forms.ComposeForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        people=selectors.recipient_people(request.user),
        units=selectors.recipient_units(request.user),
    )

    def call(data: dict) -> Message:
        return services.message_send(
            actor=request.user,
            draft=form.draft(),
            uploads=data.get("files") or [],
            reply_to=original if mode in {"reply", "reply_all"} else None,
            forward_of=original if mode == "forward" else None,
        )

    carried = (
        list(MessageAttachment.objects.filter(message=original).select_related("file"))
        if mode == "forward"
        else []
    )
    return form_page(
        request,
        form,
        call,
        success=_("Đã gửi thư."),
        redirect_to=lambda message: _read_url(message.pk),
        template="collaboration/messages/compose.html",
        context={"mode": mode, "original": original, "carried": carried},
        fallback="people",
    )


# --- one message ----------------------------------------------------------------------------------


@require_safe
@login_required
def messages_read(request: HttpRequest, pk: int) -> HttpResponse:
    copy = policies.access_copy(request.user, pk)
    if copy.read_at is None:
        services.message_mark(copy=copy, actor=request.user, read=True)
    page = selectors.message_page(request.user, copy)
    return render(
        request, "collaboration/messages/read.html", {"page": page, "copy": copy, "message": copy.message}
    )


@require_POST
@login_required
def messages_act(request: HttpRequest, pk: int) -> HttpResponse:
    """The buttons of the read view, on the person's copy: unread, star, move, bin, delete for good."""
    copy = policies.access_copy(request.user, pk)
    action = request.POST.get("action") or ""
    back = _read_url(pk)
    user = request.user
    if action == "unread":
        return press_button(
            request,
            lambda: services.message_mark(copy=copy, actor=user, read=False),
            success=_("Đã đánh dấu chưa đọc."),
            redirect_to=reverse("collaboration:messages_inbox"),
        )
    if action in {"star", "unstar"}:
        return press_button(
            request,
            lambda: services.message_mark(copy=copy, actor=user, starred=action == "star"),
            success=_("Đã gắn sao.") if action == "star" else _("Đã bỏ gắn sao."),
            redirect_to=back,
        )
    if action == "move":
        raw = request.POST.get("folder") or ""
        folder = policies.access_folder(user, int(raw)) if raw.isdigit() and len(raw) < 18 else None
        return press_button(
            request,
            lambda: services.message_move(copies=[copy], actor=user, folder=folder),
            success=_("Đã chuyển thư vào %(f)s.") % {"f": folder.name if folder else _("hộp thư")},
            redirect_to=back,
        )
    if action == "trash":
        return press_button(
            request,
            lambda: services.message_trash(copies=[copy], actor=user),
            success=_("Đã chuyển thư vào Thùng rác."),
            redirect_to=reverse(
                "collaboration:messages_sent" if copy.is_sender else "collaboration:messages_inbox"
            ),
        )
    if action == "purge":
        return press_button(
            request,
            lambda: services.message_purge(copies=[copy], actor=user),
            success=_("Đã xóa hẳn thư khỏi hộp thư của bạn."),
            redirect_to=reverse("collaboration:messages_trash"),
        )
    raise Refused.invalid(_("Thao tác không hợp lệ."))


@require_POST
@login_required
def messages_bulk(request: HttpRequest) -> HttpResponse:
    """The box's checkboxes: mark read or unread, move to a folder or back, bin, delete for good."""
    user = request.user
    raw = [v for v in request.POST.getlist("thu") if v.isdigit() and len(v) < 18][: services.MAX_BATCH + 1]
    copies = list(
        policies.visible_copies(user).filter(message_id__in=[int(v) for v in raw]).order_by("is_sender")
    )
    copies = list({c.message_id: c for c in reversed(copies)}.values())
    back = request.POST.get("tro_ve") or ""
    if not back.startswith("/phoi-hop/thu/") or "//" in back:
        back = reverse("collaboration:messages_inbox")
    action = request.POST.get("action") or ""

    def call() -> int:
        if action in {"read", "unread"}:
            for copy in services.own_copies(copies, user):
                services.message_mark(copy=copy, actor=user, read=action == "read")
            return len(copies)
        if action == "move":
            folder_raw = request.POST.get("folder") or ""
            folder = (
                policies.access_folder(user, int(folder_raw))
                if folder_raw.isdigit() and len(folder_raw) < 18
                else None
            )
            return services.message_move(copies=copies, actor=user, folder=folder)
        if action == "trash":
            return services.message_trash(copies=copies, actor=user)
        if action == "purge":
            return services.message_purge(copies=copies, actor=user)
        raise Refused.invalid(_("Thao tác không hợp lệ."))

    return press_button(
        request, call, success=_("Đã xử lý %(n)s thư.") % {"n": len(copies)}, redirect_to=back
    )


@require_safe
@login_required
def messages_attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    copy = policies.access_copy(request.user, pk)
    attachment = (
        MessageAttachment.objects.filter(message=copy.message, pk=attachment_pk)
        .select_related("file")
        .first()
    )
    if attachment is None:
        raise Refused.not_found(_("Không tìm thấy tệp."))
    return stored_file_download(attachment.file)


# --- folders --------------------------------------------------------------------------------------


@login_required
def messages_folders(request: HttpRequest) -> HttpResponse:
    form = forms.FolderForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: services.folder_create(actor=request.user, name=data["name"]),
        success=_("Đã tạo thư mục."),
        redirect_to=reverse("collaboration:messages_folders"),
        template="collaboration/messages/folders.html",
        context={"folders": selectors.folders(request.user)},
    )


@login_required
def messages_folder_rename(request: HttpRequest, pk: int) -> HttpResponse:
    folder = policies.access_folder(request.user, pk)
    form = forms.FolderForm(request.POST or None, initial={"name": folder.name})
    return form_page(
        request,
        form,
        lambda data: services.folder_rename(folder=folder, actor=request.user, name=data["name"]),
        success=_("Đã đổi tên thư mục."),
        redirect_to=reverse("collaboration:messages_folders"),
        template="collaboration/messages/folder_rename.html",
        context={"folder": folder},
    )


@require_POST
@login_required
def messages_folder_delete(request: HttpRequest, pk: int) -> HttpResponse:
    folder = policies.access_folder(request.user, pk)
    return press_button(
        request,
        lambda: services.folder_delete(folder=folder, actor=request.user),
        success=_("Đã xóa thư mục; thư trong đó trở về hộp thư."),
        redirect_to=reverse("collaboration:messages_folders"),
    )


urlpatterns: list[URLPattern] = [
    path("thu/", messages_inbox, name="messages_inbox"),
    path("thu/da-gui/", messages_sent, name="messages_sent"),
    path("thu/gan-sao/", messages_starred, name="messages_starred"),
    path("thu/thung-rac/", messages_trash, name="messages_trash"),
    path("thu/soan/", messages_compose, name="messages_compose"),
    path("thu/hang-loat/", messages_bulk, name="messages_bulk"),
    path("thu/thu-muc/", messages_folders, name="messages_folders"),
    path("thu/thu-muc/<int:pk>/", messages_folder, name="messages_folder"),
    path("thu/thu-muc/<int:pk>/doi-ten/", messages_folder_rename, name="messages_folder_rename"),
    path("thu/thu-muc/<int:pk>/xoa/", messages_folder_delete, name="messages_folder_delete"),
    path("thu/<int:pk>/", messages_read, name="messages_read"),
    path("thu/<int:pk>/thao-tac/", messages_act, name="messages_act"),
    path("thu/<int:pk>/tep/<int:attachment_pk>/", messages_attachment, name="messages_attachment"),
]
