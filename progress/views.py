"""Report views: officers fill in and submit their unit's report; city staff and leaders return it."""

urlpatterns = []
