from django.urls import path

from placements import views

app_name = "placements"
urlpatterns = [
    path("caseload/", views.caseload, name="caseload"),
    path("children/", views.children, name="children"),
    path("children/<int:pk>/", views.child_detail, name="child"),
]
