from django.urls import path

from oversight.indicators import views

app_name = "indicators"
urlpatterns = [
    path("performance/", views.home, name="home"),
    path("performance/national/", views.national, name="national"),
    path("performance/councils/<int:pk>/", views.council, name="council"),
    path("performance/practices/<int:pk>/", views.practice, name="practice"),
    path("performance/councils/<int:council_pk>/children/", views.children, name="children"),
]
