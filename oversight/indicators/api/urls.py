from django.urls import path

from oversight.indicators.api import views

urlpatterns = [
    path("indicators/", views.IndicatorListView.as_view(), name="indicator-list"),
    path("indicators/national/", views.NationalView.as_view(), name="indicator-national"),
    path("indicators/councils/<int:pk>/", views.CouncilView.as_view(), name="indicator-council"),
    path(
        "indicators/practices/<int:pk>/",
        views.PracticeView.as_view(),
        name="indicator-practice",
    ),
]
