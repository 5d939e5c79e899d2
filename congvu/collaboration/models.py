"""Collaboration models (COL-1..COL-9, ADM-4, ADM-5). Each feature keeps its models in its own package
(``congvu.collaboration.<feature>.models``); this module imports them so Django finds them."""

from congvu.collaboration.announcements.models import *  # noqa: F401,F403
from congvu.collaboration.boards.models import *  # noqa: F401,F403
from congvu.collaboration.calendar.models import *  # noqa: F401,F403
from congvu.collaboration.chat.models import *  # noqa: F401,F403
from congvu.collaboration.consultations.models import *  # noqa: F401,F403
from congvu.collaboration.feedback.models import *  # noqa: F401,F403
from congvu.collaboration.messages.models import *  # noqa: F401,F403
from congvu.collaboration.notices.models import *  # noqa: F401,F403
from congvu.collaboration.reminders.models import *  # noqa: F401,F403
from congvu.collaboration.sms.models import *  # noqa: F401,F403
