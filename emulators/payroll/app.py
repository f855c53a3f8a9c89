"""FastAPI app that serves a ``PayrollState`` under ``/api`` like payroll.24sevenoffice.com does."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from emulators.payroll.company import PayrollCompany
from emulators.payroll.errors import (
    PayrollConflictError,
    PayrollNotFoundError,
    PayrollValidationError,
)
from emulators.payroll.state import PayrollState
from emulators.payroll.wire import OSLO


class _UnauthorizedError(Exception):
    """No, a malformed, an unknown or an expired bearer token."""


def create_app(state: PayrollState) -> FastAPI:
    """Build the emulator app over ``state``; the real client only swaps base URL and token.

    Args:
        state: The companies and tokens to serve.

    Returns:
        The ASGI app, routes under ``/api``.
    """
    app = FastAPI(title="24SevenOffice Lønn API emulator", version="v2")
    app.state.payroll = state
    _add_error_handlers(app)
    app.include_router(auth_router, prefix="/api")
    app.include_router(router, prefix="/api")
    return app


def _state(request: Request) -> PayrollState:
    state: PayrollState = request.app.state.payroll
    return state


async def _current_company(request: Request) -> PayrollCompany:
    # Async like the handlers: a plain `def` dependency runs in a worker thread, one thread hop
    # per request (and the state read off the event loop).
    # Starlette headers are case-insensitive; the scheme is compared case-insensitively too.
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    company = _state(request).company_for_access_token(token.strip())
    if scheme.lower() != "bearer" or company is None:
        raise _UnauthorizedError
    return company


Company = Annotated[PayrollCompany, Depends(_current_company)]
auth_router = APIRouter()
# Handlers are async on purpose: they then run on the event loop one at a time, so the plain dict
# state needs no locks (sync handlers would run in a thread pool).
router = APIRouter()


@auth_router.get("/auth")
async def exchange_token(request: Request, token: str = "") -> dict[str, str]:
    """Exchange the persistent token for an access token (no Authorization header needed)."""
    issued = _state(request).issue_access_token(token)
    if issued is None:
        raise _UnauthorizedError
    access_token, expires_at = issued
    # Clients split expiresOn on "+": local Oslo time with its offset, whole seconds.
    return {
        "accessToken": access_token,
        "expiresOn": expires_at.astimezone(OSLO).isoformat(timespec="seconds"),
    }


@router.get("/employee/v2")
async def list_employees(company: Company) -> list[dict[str, Any]]:
    """All employees of the company."""
    return company.employees()


@router.post("/employee/v2")
async def create_employee(company: Company, request: Request) -> dict[str, Any]:
    """Create an employee; 409 when the empId exists."""
    # Choice (spec silent): writes answer with the stored record as an object ("Item created
    # returned"), so a caller reads back exactly what the payroll system now holds.
    return company.create_employee(await _json_body(request))


@router.get("/employee/v2/{emp_id}")
async def get_employee(company: Company, emp_id: str) -> list[dict[str, Any]]:
    """One employee, as a one-element array like the spec's example."""
    return [company.employee(emp_id)]


@router.post("/employee/v2/{emp_id}")
async def update_employee(company: Company, emp_id: str, request: Request) -> dict[str, Any]:
    """Partially update an employee."""
    return company.update_employee(emp_id, await _json_body(request))


@router.get("/employment/v2/{emp_id}")
async def list_employments(company: Company, emp_id: str) -> list[dict[str, Any]]:
    """The employee's employments."""
    return company.employments(emp_id)


@router.post("/employment/v2/{emp_id}")
async def post_employments(company: Company, emp_id: str, request: Request) -> list[dict[str, Any]]:
    """Upsert an array of employments all-or-nothing; answer with the full list."""
    return company.post_employments(emp_id, await _json_body(request))


@router.get("/absence/v2")
async def list_absences(
    company: Company,
    serial_no: Annotated[str, Query(alias="serialNo")] = "",
    datefrom: str = "",
    dateto: str = "",
) -> list[dict[str, Any]]:
    """All absences, filtered by serialNo and by overlap with datefrom–dateto."""
    return company.absences(serial_no=serial_no, date_from=datefrom, date_to=dateto)


@router.post("/absence/v2")
async def post_absence(company: Company, request: Request) -> dict[str, Any]:
    """Create or update (by serialNo) one absence; answer with it so the caller learns serialNo."""
    # Choice (spec silent): the body is read as JSON whatever Content-Type says; the spec itself
    # labels this body text/html.
    return company.put_absence(await _json_body(request))


@router.get("/absence/v2/{emp_id}")
async def list_employee_absences(
    company: Company,
    emp_id: str,
    serial_no: Annotated[str, Query(alias="serialNo")] = "",
    datefrom: str = "",
    dateto: str = "",
) -> list[dict[str, Any]]:
    """One employee's absences, with the same filters."""
    return company.absences(emp_id, serial_no=serial_no, date_from=datefrom, date_to=dateto)


@router.get("/absencetypes/v2")
async def list_absence_types(company: Company) -> list[dict[str, str]]:
    """The company's absence types."""
    return [absence_type.to_wire() for absence_type in company.absence_types.values()]


@router.get("/absencetypes/v2/{code}")
async def get_absence_type(company: Company, code: str) -> list[dict[str, str]]:
    """One absence type."""
    # Choice (spec silent): the text says "an object" but the example is a one-element array;
    # examples here are copied from real responses, so the array wins (like GET employee by id).
    absence_type = company.absence_types.get(code)
    if absence_type is None:
        raise PayrollNotFoundError(f"Absence type {code} not found")
    return [absence_type.to_wire()]


@router.post("/child/v2")
async def post_child(company: Company, request: Request) -> dict[str, Any]:
    """Create or update (by childId) a child of an employee."""
    return company.put_child(await _json_body(request))


@router.get("/child/v2/{emp_id}")
async def list_children(company: Company, emp_id: str) -> list[dict[str, Any]]:
    """The employee's children."""
    return company.children(emp_id)


@router.get("/organization/v2")
async def get_organization(company: Company) -> dict[str, Any]:
    """The company and its sites."""
    return company.organization.view()


@router.post("/organization/v2")
async def update_organization(company: Company, request: Request) -> dict[str, Any]:
    """Update the company; sites without id are created."""
    return company.update_organization(await _json_body(request))


@router.get("/payrollrun/v2/")
async def list_payroll_runs(company: Company) -> list[dict[str, str]]:
    """The company's payroll runs, newest first."""
    return company.payroll_runs()


@router.get("/payrollrun/v2/{run_id}")
async def get_payroll_run(company: Company, run_id: int) -> list[dict[str, str]]:
    """One payroll run, as a one-element array like the spec's example."""
    return [company.payroll_run_book.get(run_id).to_wire()]


async def _json_body(request: Request) -> Any:
    try:
        return json.loads(await request.body())
    except (ValueError, UnicodeDecodeError) as error:
        raise PayrollValidationError("body", "the body must be valid JSON") from error


def _error(status: int, message: str, **extra: object) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


def _add_error_handlers(app: FastAPI) -> None:
    # The vendor documents no error bodies; the emulator always answers {"error": ...} so a
    # client's log line says what was wrong.
    async def unauthorized(_: Request, __: Exception) -> JSONResponse:
        # Choice (spec silent): 401 carries {"error": "Unauthorized"} rather than an empty body.
        return JSONResponse(
            {"error": "Unauthorized"}, status_code=401, headers={"WWW-Authenticate": "Bearer"}
        )

    async def invalid(_: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, PayrollValidationError)
        return JSONResponse(error.to_body(), status_code=400)

    async def not_found(_: Request, error: Exception) -> JSONResponse:
        return _error(404, str(error))

    async def conflict(_: Request, error: Exception) -> JSONResponse:
        return _error(409, str(error))

    async def bad_request(_: Request, error: Exception) -> JSONResponse:
        # A PHP service answers malformed parameters with 400, never FastAPI's 422.
        assert isinstance(error, RequestValidationError)
        location = error.errors()[0].get("loc", ()) if error.errors() else ()
        return _error(400, "invalid request", field=str(location[-1]) if location else "")

    async def http_error(_: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, StarletteHTTPException)
        return _error(error.status_code, str(error.detail))

    app.add_exception_handler(_UnauthorizedError, unauthorized)
    app.add_exception_handler(PayrollValidationError, invalid)
    app.add_exception_handler(PayrollNotFoundError, not_found)
    app.add_exception_handler(PayrollConflictError, conflict)
    app.add_exception_handler(RequestValidationError, bad_request)
    app.add_exception_handler(StarletteHTTPException, http_error)
