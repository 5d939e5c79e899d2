"""/cham-diem/: criteria sets, periods, self-assessments, appraisal, results and ranking."""

from congvu.scoring.appraisal import views as appraisal

app_name = "scoring"
urlpatterns: list = []
# --- each feature package adds its own: [*criteria.urlpatterns, *periods.urlpatterns, ...] ---
urlpatterns += appraisal.urlpatterns
