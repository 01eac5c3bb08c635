from rest_framework.routers import SimpleRouter

from placements.api import views

router = SimpleRouter()
router.register("children", views.ChildViewSet, basename="child")
router.register("episodes", views.EpisodeViewSet, basename="episode")
router.register("placements", views.PlacementViewSet, basename="placement")
router.register("visits", views.VisitViewSet, basename="visit")
router.register("notes", views.CaseNoteViewSet, basename="note")
router.register("reviews", views.ReviewViewSet, basename="review")
router.register("health-assessments", views.HealthAssessmentViewSet, basename="health-assessment")
router.register("education-plans", views.EducationPlanViewSet, basename="education-plan")
router.register("missing-episodes", views.MissingEpisodeViewSet, basename="missing-episode")
router.register("deprivation-of-liberty-orders", views.DeprivationOfLibertyViewSet, basename="dolo")
router.register("deadlines", views.DeadlineViewSet, basename="deadline")
router.register("allocations", views.AllocationViewSet, basename="allocation")
router.register("worker-allocations", views.WorkerAllocationViewSet, basename="worker-allocation")
urlpatterns = router.urls
