"""FastAPI app of the AlexisHR emulator: generic `/v1/{resource}` routes driven by one table."""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from emulators.alexis.errors import ApiError, not_found, unauthorized
from emulators.alexis.fieldtypes import Resource
from emulators.alexis.operations import (
    create_record,
    delete_record,
    get_record,
    list_records,
    update_record,
)
from emulators.alexis.resources import RESOURCES
from emulators.alexis.state import AlexisCompany, AlexisState

_ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
_WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def create_app(state: AlexisState) -> FastAPI:
    """Build the emulator app serving `state` under `/v1`.

    Args:
        state: The companies, tokens and records to serve.

    Returns:
        An ASGI app to mount in tests (httpx.ASGITransport) or serve with uvicorn.
    """
    app = FastAPI(title="AlexisHR API emulator", openapi_url=None, docs_url=None, redoc_url=None)
    app.add_exception_handler(ApiError, _render_api_error)

    @app.api_route("/v1/{resource_name}", methods=["GET", "POST"])
    async def collection(resource_name: str, request: Request) -> Response:
        resource = _route_target(resource_name, request)
        company = _authenticate(state, request)
        if request.method == "GET":
            return JSONResponse(list_records(company, resource, request.query_params.multi_items()))
        body = await _json_body(request)
        return JSONResponse(create_record(company, resource, body), status_code=201)

    @app.api_route("/v1/{resource_name}/{record_id}", methods=["GET", "PATCH", "PUT", "DELETE"])
    async def member(resource_name: str, record_id: str, request: Request) -> Response:
        resource = _route_target(resource_name, request)
        company = _authenticate(state, request)
        if request.method == "GET":
            items = request.query_params.multi_items()
            return JSONResponse(get_record(company, resource, record_id, items))
        if request.method == "DELETE":
            delete_record(company, resource, record_id)
            return Response(status_code=204)
        body = await _json_body(request)
        replace = request.method == "PUT"
        return JSONResponse(update_record(company, resource, record_id, body, replace=replace))

    @app.api_route("/{path:path}", methods=_ALL_METHODS)
    async def unmatched(path: str, request: Request) -> Response:
        raise _no_route(request)

    return app


def _route_target(resource_name: str, request: Request) -> Resource:
    """Return the resource a route serves; unknown routes 404 before auth, as in NestJS."""
    resource = RESOURCES.get(resource_name)
    if resource is None or not resource.routed:
        raise _no_route(request)
    if resource.read_only and request.method in _WRITES:
        raise _no_route(request)
    return resource


def _no_route(request: Request) -> ApiError:
    # Choice (spec silent): as NestJS does, a path or method without a handler (unknown resource,
    # writes to company) is a 404 "Cannot METHOD /path", never a 405, and is checked before auth.
    return not_found(f"Cannot {request.method} {request.url.path}")


def _authenticate(state: AlexisState, request: Request) -> AlexisCompany:
    """Return the company of the bearer token, or raise the 401."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    company = state.company_for_token(token.strip()) if scheme.lower() == "bearer" else None
    if company is None:
        raise unauthorized()
    return company


async def _json_body(request: Request) -> Any:
    """Decode a JSON body; an empty body is `{}`, as Express's body parser leaves it."""
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        return json.loads(raw)
    except ValueError:
        raise ApiError(400, "Unexpected token in JSON body") from None


async def _render_api_error(request: Request, exc: Exception) -> Response:
    """Render an ApiError as its NestJS JSON body."""
    assert isinstance(exc, ApiError)
    return JSONResponse(exc.body(), status_code=exc.status_code)
