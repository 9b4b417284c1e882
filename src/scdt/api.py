"""The JSON API under /api/v1/: one NinjaAPI, one router per domain app.

Every error has the same body: ``{"detail": str, "errors": [{"field": str, "message": str}]}``.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from scdt.accounts.api import router as accounts_router
from scdt.catalogue.api import router as catalogue_router
from scdt.directory.api import router as directory_router
from scdt.events.api import router as events_router
from scdt.marketplace.api import router as marketplace_router
from scdt.matching.api import router as matching_router
from scdt.meetings.api import router as meetings_router

api = NinjaAPI(
    title="SCDT Marketplace API",
    version="1",
    description=(
        "The API of the Smart City Digital Twin network's marketplace. Authenticate with a "
        "personal API token (`Authorization: Bearer <token>`, created under Account → API tokens) "
        "or the browser session. Errors share one body: "
        '`{"detail": "...", "errors": [{"field": "...", "message": "..."}]}`.'
    ),
    urls_namespace="api",
)


def _error(request, status: int, detail: str, errors: list[dict] | None = None):
    return api.create_response(request, {"detail": detail, "errors": errors or []}, status=status)


@api.exception_handler(NinjaValidationError)
def _invalid_request(request, exc):
    errors = []
    for err in exc.errors:
        location = [str(part) for part in err.get("loc", []) if part not in {"body", "query", "path", "payload"}]
        errors.append({"field": ".".join(location), "message": err.get("msg", "invalid")})
    return _error(request, 422, "The request is not valid.", errors)


@api.exception_handler(ValidationError)
def _invalid_data(request, exc):
    errors = []
    if hasattr(exc, "error_dict"):
        for field, field_errors in exc.message_dict.items():
            errors.extend({"field": "" if field == "__all__" else field, "message": m} for m in field_errors)
    else:
        errors = [{"field": "", "message": m} for m in exc.messages]
    return _error(request, 400, errors[0]["message"] if errors else "Invalid data.", errors)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, "Not found.")


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _error(request, 403, str(exc) or "You may not do this.")


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _error(request, 401, "Authentication required: send a bearer token or log in.")


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return _error(request, exc.status_code, str(exc))


api.add_router("/", accounts_router)
api.add_router("/", directory_router)
api.add_router("/", events_router)
api.add_router("/", marketplace_router)
api.add_router("/", catalogue_router)
api.add_router("/", meetings_router)
api.add_router("/", matching_router)
