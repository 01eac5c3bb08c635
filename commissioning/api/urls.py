from django.urls import path
from rest_framework.routers import SimpleRouter

from commissioning.api import views

router = SimpleRouter()
router.register("contracts", views.ContractViewSet, basename="contract")
router.register("contract-variations", views.VariationViewSet, basename="contract-variation")
router.register("performance", views.SnapshotViewSet, basename="performance-snapshot")
router.register("referrals", views.ReferralViewSet, basename="referral")
router.register("cases", views.CaseViewSet, basename="case")
router.register("budgets", views.BudgetViewSet, basename="budget")
router.register("spend-requests", views.SpendRequestViewSet, basename="spend-request")
urlpatterns = [
    *router.urls,
    path("comparison/", views.ComparisonView.as_view(), name="comparison"),
]
