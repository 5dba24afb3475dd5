"""/api/v1/ (the integration API), /api/schema/ (OpenAPI 3) and /api/docs/ (Swagger UI from local files)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from agencies import api as agencies_api
from attendance import api as attendance_api
from policies import api as policies_api

from .security import LockoutObtainAuthToken

router = DefaultRouter()
router.register("regions", agencies_api.RegionViewSet, basename="region")
router.register("agencies", agencies_api.AgencyViewSet, basename="agency")
router.register("units", agencies_api.UnitViewSet, basename="unit")
router.register("employees", agencies_api.EmployeeViewSet, basename="employee")
router.register("circulars", policies_api.CircularViewSet, basename="circular")
router.register("findings", policies_api.FindingViewSet, basename="finding")
router.register("roster-entries", attendance_api.RosterEntryViewSet, basename="roster-entry")
router.register("wfh-requests", attendance_api.WfhRequestViewSet, basename="wfh-request")
router.register("attendance-records", attendance_api.AttendanceRecordViewSet, basename="attendance-record")
router.register("device-punches", attendance_api.DevicePunchViewSet, basename="device-punch")

app_name = "api"
urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/dashboard/summary/", attendance_api.DashboardSummaryView.as_view(), name="dashboard-summary"),
    path("v1/auth/token/", LockoutObtainAuthToken.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"), name="docs"),
]
