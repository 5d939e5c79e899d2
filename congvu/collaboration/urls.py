"""/phoi-hop/: work calendars, messages, reminders, boards, announcements, consultations, chat, SMS,
notices and feedback — each feature's addresses from its own views module."""

from congvu.collaboration.announcements import views as announcements
from congvu.collaboration.boards import views as boards
from congvu.collaboration.calendar import views as calendar
from congvu.collaboration.chat import views as chat
from congvu.collaboration.consultations import views as consultations
from congvu.collaboration.feedback import views as feedback
from congvu.collaboration.messages import views as messages
from congvu.collaboration.notices import views as notices
from congvu.collaboration.reminders import views as reminders
from congvu.collaboration.sms import views as sms

app_name = "collaboration"
urlpatterns = [
    *calendar.urlpatterns,
    *messages.urlpatterns,
    *reminders.urlpatterns,
    *boards.urlpatterns,
    *announcements.urlpatterns,
    *consultations.urlpatterns,
    *chat.urlpatterns,
    *sms.urlpatterns,
    *notices.urlpatterns,
    *feedback.urlpatterns,
]
