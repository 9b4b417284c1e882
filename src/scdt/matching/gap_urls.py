"""The demand/supply gap pages (public, drill-down, CSV, organiser view)."""

urlpatterns = []
