"""/cham-diem/: criteria sets, periods, self-assessments, appraisal, results and ranking."""

app_name = "scoring"
urlpatterns: list = []
# --- each feature package adds its own: [*criteria.urlpatterns, *periods.urlpatterns, ...] ---
from congvu.scoring.results import views as results  # noqa: E402

urlpatterns += results.urlpatterns
