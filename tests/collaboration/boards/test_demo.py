"""The demo province's boards and announcements (congvu load_demo), entered through the services:
Sở Nội vụ's organisations with their committees and posts, three announcements, one read by two
people; loaded twice, entered once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from congvu.accounts.models import User
from congvu.collaboration.announcements import policies as announcement_policies
from congvu.collaboration.announcements.models import Announcement, AnnouncementRead
from congvu.collaboration.boards import policies as board_policies
from congvu.collaboration.boards.models import BoardPost, CommitteeMember, Organisation
from congvu.synthetic import demo

pytestmark = pytest.mark.django_db


def _person(key: str) -> User:
    return User.objects.get(email=f"{key}@{demo.EMAIL_DOMAIN}")


def test_the_demo_has_boards_and_announcements_once():
    call_command("load_demo", stdout=StringIO())
    assert Organisation.objects.count() == 3 and CommitteeMember.objects.count() == 8
    assert BoardPost.objects.count() == 5
    assert Announcement.objects.count() == 3 and AnnouncementRead.objects.count() == 3
    snv = Organisation.objects.get(kind="party_cell").agency
    assert board_policies.can_post(_person("namhv"), snv, Organisation.objects.get(kind="party_cell"))
    assert not board_policies.can_post(_person("minhnv"), snv, Organisation.objects.get(kind="party_cell"))
    assert announcement_policies.unread_for(_person("nhungdth")).count() == 2  # the Sở's two, not TCBC's
    assert announcement_policies.unread_for(_person("minhnv")).count() == 1
    call_command("load_demo", stdout=StringIO())
    assert Announcement.objects.count() == 3 and BoardPost.objects.count() == 5
