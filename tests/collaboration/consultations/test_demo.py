"""The demo's consultation (congvu load_demo): open, deadline a few days ahead, two answers of five,
entered once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from congvu.accounts.models import User
from congvu.collaboration.consultations import selectors
from congvu.collaboration.consultations.models import Consultation, ConsultationRecipient
from congvu.org.models import Unit
from congvu.synthetic import demo
from congvu.synthetic.demo_collaboration import _consultations

pytestmark = pytest.mark.django_db


def test_the_demo_has_one_open_consultation_with_some_answers_once():
    call_command("load_demo", stdout=StringIO())
    c = Consultation.objects.get()
    assert c.status == Consultation.Status.OPEN
    assert 3 <= (timezone.localtime(c.deadline).date() - timezone.localdate()).days <= 5
    rows = ConsultationRecipient.objects.filter(consultation=c)
    assert rows.filter(answered_at__isnull=False).count() == 2
    assert rows.filter(answered_at__isnull=True).count() >= 2
    report = selectors.report(c)
    assert len(report.silent) >= 2
    snv = Unit.objects.get(agency_code="000.00.02.H99")
    assert _consultations({"snv": snv}) == 0  # already there: nothing entered again
    drafter = User.objects.get(email=f"sonbt@{demo.EMAIL_DOMAIN}")
    assert c.drafter == drafter
