"""/cham-diem/: criteria sets, periods, self-assessments, appraisal, results and ranking."""

from congvu.scoring.criteria import views as criteria

app_name = "scoring"
urlpatterns: list = []
# --- each feature package adds its own: [*criteria.urlpatterns, *periods.urlpatterns, ...] ---
urlpatterns += criteria.urlpatterns
