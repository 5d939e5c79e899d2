"""The demo province's notices and feedback (congvu load_demo): an upcoming maintenance window whose
banner already shows, a fixed incident in the history, a fault answered and a feature request
waiting — entered once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from congvu.collaboration.feedback.models import FeedbackReport
from congvu.collaboration.notices.models import Notice
from congvu.collaboration.notices.selectors import banner_notices

pytestmark = pytest.mark.django_db


def test_the_demo_has_notices_and_feedback_once():
    call_command("load_demo", stdout=StringIO())
    phases = sorted(n.phase() for n in Notice.objects.all())
    assert phases == ["announced", "resolved"]
    assert [n["title"] for n in banner_notices({})] == ["Nâng cấp phần mềm quản lý văn bản lên phiên bản mới"]
    assert sorted(FeedbackReport.objects.values_list("status", flat=True)) == ["new", "resolved"]
    assert FeedbackReport.objects.get(status="resolved").replies.count() == 1
    call_command("load_demo", stdout=StringIO())
    assert Notice.objects.count() == 2 and FeedbackReport.objects.count() == 2
