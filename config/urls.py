from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from core import views as core_views

api_v1 = [
    path("", include("placements.api.urls")),
    path("", include("commissioning.api.urls")),
    path("", include("oversight.indicators.api.urls")),
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("sign-in/", core_views.SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("no-access/", core_views.no_role, name="no_role"),
    path("healthz", core_views.healthz, name="healthz"),
    path("", include("placements.urls")),
    path("", include("oversight.urls")),
    path("", include("commissioning.urls")),
    path("", include("oversight.indicators.urls")),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api-redoc"),
    path("admin/", admin.site.urls),
]
