"""/cham-diem/: criteria sets, periods, self-assessments, appraisal, results and ranking."""

app_name = "scoring"
urlpatterns: list = []
# --- each feature package adds its own: [*criteria.urlpatterns, *periods.urlpatterns, ...] ---
from congvu.scoring.periods import views as periods  # noqa: E402

urlpatterns += periods.urlpatterns
