"""The boards in the API (COL-3, COL-6): a second adapter over the same policies, services and
selectors as the screens.

    GET     /api/v1/boards                                   the boards the caller reads
    GET     /api/v1/boards/public/{agency_id}/posts          the public board's posts (?cursor=&limit=)
    GET     /api/v1/boards/organisations/{id}/posts          an organisation's board
    POST    /api/v1/boards/public/{agency_id}/posts          {title, body} (files through the screen)
    POST    /api/v1/boards/organisations/{id}/posts          {title, body}
    PATCH   /api/v1/boards/posts/{id}                        {title, body} (the author)
    DELETE  /api/v1/boards/posts/{id}?reason=                the author, or the agency's administrator with a reason

Errors as ``core.api_errors``: 404 missing or not visible, 403 not allowed, 400 bad input.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema, Status

from congvu.collaboration.boards import policies, selectors, services
from congvu.collaboration.boards.models import BoardPost, Organisation
from congvu.core.api_errors import errors
from congvu.core.api_inputs import Id
from congvu.org.models import Unit

router = Router(tags=["collaboration: boards"])


class BoardOut(Schema):
    agency_id: int
    agency_name: str
    organisation_id: int | None = None
    kind: str
    name: str
    may_post: bool


class FileOut(Schema):
    id: int
    name: str
    size: int


class PostOut(Schema):
    id: int
    agency_id: int
    organisation_id: int | None = None
    title: str
    body: str
    author_id: int
    author_name: str
    posted_at: dt.datetime
    edited_at: dt.datetime | None = None
    files: list[FileOut]


class PostPage(Schema):
    items: list[PostOut]
    next_cursor: str | None = None


class PostIn(Schema):
    title: str
    body: str


def _post(post: BoardPost) -> dict:
    return {
        "id": post.pk,
        "agency_id": post.agency_id,
        "organisation_id": post.organisation_id,
        "title": post.title,
        "body": post.body,
        "author_id": post.author_id,
        "author_name": post.author.full_name,
        "posted_at": post.posted_at,
        "edited_at": post.edited_at,
        "files": [
            {"id": a.file_id, "name": a.file.original_name, "size": a.file.size}
            for a in post.attachments.all()
        ],
    }


@router.get("", response=errors(ok=list[BoardOut]), operation_id="boards_list")
def boards_list(request: HttpRequest):
    return [
        {
            "agency_id": b.agency.pk,
            "agency_name": b.agency.name,
            "organisation_id": b.organisation.pk if b.organisation else None,
            "kind": b.organisation.kind if b.organisation else "public",
            "name": b.name,
            "may_post": b.may_post,
        }
        for b in selectors.boards(request.user)
    ]


def _page(request: HttpRequest, agency: Unit, organisation: Organisation | None, cursor: str, limit: int):
    page = selectors.board_posts(
        request.user, agency=agency, organisation=organisation, after=cursor or None, size=limit
    )
    return {"items": [_post(p) for p in page.items], "next_cursor": page.next_cursor}


@router.get(
    "/public/{int:agency_id}/posts", response=errors(404, ok=PostPage), operation_id="boards_public_posts"
)
def public_posts(request: HttpRequest, agency_id: Id, cursor: str = "", limit: int = selectors.PAGE_SIZE):
    return _page(request, policies.access_agency_board(request.user, agency_id), None, cursor, limit)


@router.get(
    "/organisations/{int:organisation_id}/posts",
    response=errors(404, ok=PostPage),
    operation_id="boards_organisation_posts",
)
def organisation_posts(
    request: HttpRequest, organisation_id: Id, cursor: str = "", limit: int = selectors.PAGE_SIZE
):
    organisation = policies.access_organisation(request.user, organisation_id)
    return _page(request, organisation.agency, organisation, cursor, limit)


def _created(request: HttpRequest, agency: Unit, organisation: Organisation | None, payload: PostIn):
    post = services.board_post_create(
        agency=agency, organisation=organisation, title=payload.title, body=payload.body, actor=request.user
    )
    return Status(201, _post(policies.access_post(request.user, post.pk)))


@router.post(
    "/public/{int:agency_id}/posts",
    response=errors(403, 404, ok=PostOut, ok_status=201),
    operation_id="boards_public_post_create",
)
def public_post_create(request: HttpRequest, agency_id: Id, payload: PostIn):
    return _created(request, policies.access_agency_board(request.user, agency_id), None, payload)


@router.post(
    "/organisations/{int:organisation_id}/posts",
    response=errors(403, 404, ok=PostOut, ok_status=201),
    operation_id="boards_organisation_post_create",
)
def organisation_post_create(request: HttpRequest, organisation_id: Id, payload: PostIn):
    organisation = policies.access_organisation(request.user, organisation_id)
    return _created(request, organisation.agency, organisation, payload)


@router.patch("/posts/{int:post_id}", response=errors(403, 404, ok=PostOut), operation_id="boards_post_edit")
def post_edit(request: HttpRequest, post_id: Id, payload: PostIn):
    post = policies.access_post(request.user, post_id)
    services.board_post_edit(post=post, title=payload.title, body=payload.body, actor=request.user)
    return _post(policies.access_post(request.user, post_id))


@router.delete(
    "/posts/{int:post_id}",
    response=errors(403, 404, 409, ok=None, ok_status=204),
    operation_id="boards_post_remove",
)
def post_remove(request: HttpRequest, post_id: Id, reason: str = ""):
    post = policies.access_post(request.user, post_id)
    services.board_post_remove(post=post, reason=reason, actor=request.user)
    return Status(204, None)
