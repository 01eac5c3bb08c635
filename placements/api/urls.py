from rest_framework.routers import SimpleRouter

from placements.api.views import ChildViewSet

router = SimpleRouter()
router.register("children", ChildViewSet, basename="child")
urlpatterns = router.urls
