"""Reads the sync may act on: paging by `total`, and answers that are not what they should be."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

import pytest

from clients.alexis import PAGE_SIZE, AlexisClient
from clients.errors import IncompleteReadError, MalformedResponseError, UntrustedReadError
from clients.payroll import PayrollClient
from emulators.rewrites import Answer, html_page, json_edit, not_json
from emulators.runtime import Emulators
from tests.clients.conftest import AlexisTenant, PayrollTenant

pytestmark = pytest.mark.anyio

ROWS = 2 * PAGE_SIZE + 203  # three pages


@pytest.fixture
def many(alexis_tenant: AlexisTenant) -> list[str]:
    """ROWS employees; their ids in id order."""
    company = alexis_tenant.company
    return [
        company.insert("employee", {"employeeNumber": str(n), "firstName": f"P{n}"})["id"]
        for n in range(1, ROWS + 1)
    ]


def _offsets(tenant: AlexisTenant, path: str) -> list[int]:
    queries = [dict(parse_qsl(q)) for _, p, q, _ in tenant.requests() if p == path]
    return sorted(int(q["offset"]) for q in queries)


def _page_at(offset: int, edit: Callable[[dict[str, Any]], dict[str, Any]]) -> Any:
    """A rewrite of the list page at `offset` only."""

    def rewrite(answer: Answer) -> Answer | None:
        if answer.method != "GET" or answer.param("offset") != str(offset):
            return None
        return answer.with_json(edit(answer.json()))

    return rewrite


def _shorten(rows: int) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda body: {**body, "data": body["data"][:rows], "count": min(rows, body["count"])}


# --- paging continues where the rows ended ---------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "rows"),
    [(0, 2), (0, 499), (PAGE_SIZE, 1), (PAGE_SIZE, 300)],
    ids=["first-page-2-rows", "first-page-499-rows", "middle-page-1-row", "middle-page-300"],
)
async def test_a_short_page_is_followed_from_where_its_rows_ended(
    alexis: AlexisClient,
    alexis_tenant: AlexisTenant,
    emulators: Emulators,
    many: list[str],
    offset: int,
    rows: int,
) -> None:
    emulators.alexis_answers.add("GET /v1/employee", _page_at(offset, _shorten(rows)))

    page = await alexis.list_all("employee")

    # Every row exactly once, in id order: nothing read twice, nothing skipped.
    assert [row["id"] for row in page.data] == many
    # The page after the short one starts at the row that did not come.
    assert offset + rows in _offsets(alexis_tenant, "/v1/employee")


async def test_rows_are_ordered_by_id_after_the_callers_sort(
    alexis: AlexisClient, alexis_tenant: AlexisTenant
) -> None:
    for name in ("Berg", "Aas", "Berg", "Aas"):
        alexis_tenant.company.insert("employee", {"lastName": name})

    rows = (await alexis.list_all("employee", select=["lastName"], sort={"lastName": "asc"})).data

    queries = [dict(parse_qsl(q)) for *_, q, _ in alexis_tenant.requests()]
    assert queries[-1]["sort[lastName]"] == "asc" and queries[-1]["sort[id]"] == "asc"
    assert [r["lastName"] for r in rows] == ["Aas", "Aas", "Berg", "Berg"]
    assert [r["id"] for r in rows[:2]] == sorted(r["id"] for r in rows[:2])  # ties by id


# --- reads that do not add up -----------------------------------------------------------------


def _leave_total_3_no_rows(body: dict[str, Any]) -> dict[str, Any]:
    return {**body, "data": [], "count": 0, "total": 3}


def _total_moves(body: dict[str, Any]) -> dict[str, Any]:
    return {**body, "total": body["total"] + 1}


def _duplicate_changed(body: dict[str, Any]) -> dict[str, Any]:
    first = body["data"][0]
    return {**body, "data": [{**first, "firstName": "Someone else"}, *body["data"][1:]]}


INCOMPLETE: dict[str, tuple[int, Callable[[dict[str, Any]], dict[str, Any]], str]] = {
    "total-changed": (PAGE_SIZE, _total_moves, "total changed from"),
    "count-not-rows": (0, lambda b: {**b, "count": b["count"] - 1}, "count"),
    "empty-page-before-total": (2 * PAGE_SIZE, lambda b: {**b, "data": [], "count": 0}, "empty"),
    "more-rows-than-total": (2 * PAGE_SIZE, lambda b: {**b, "total": b["total"] - 1}, "total"),
}


@pytest.mark.parametrize("case", INCOMPLETE, ids=list(INCOMPLETE))
async def test_a_list_that_does_not_add_up_stops_the_read(
    alexis: AlexisClient, emulators: Emulators, many: list[str], case: str
) -> None:
    offset, edit, words = INCOMPLETE[case]
    emulators.alexis_answers.add("GET /v1/employee", _page_at(offset, edit))

    with pytest.raises(IncompleteReadError) as caught:
        await alexis.list_all("employee")

    message = str(caught.value)
    assert message.startswith("AlexisHR GET /v1/employee gave an incomplete list")
    assert words in message and "?" not in message and "offset" not in message


async def test_a_duplicate_id_with_other_content_stops_the_read(
    alexis: AlexisClient, emulators: Emulators, many: list[str]
) -> None:
    first_row: list[dict[str, Any]] = []

    def remember(body: dict[str, Any]) -> dict[str, Any]:
        first_row.append(body["data"][0])
        return body

    def repeat_changed(body: dict[str, Any]) -> dict[str, Any]:
        echo = {**first_row[0], "firstName": "Someone else"}
        return {**body, "data": [echo, *body["data"][1:]]}

    emulators.alexis_answers.add("GET /v1/employee", _page_at(0, remember))
    emulators.alexis_answers.add("GET /v1/employee", _page_at(PAGE_SIZE, repeat_changed))

    with pytest.raises(IncompleteReadError, match="twice with different content"):
        await alexis.list_all("employee")


async def test_a_repeated_row_that_hides_another_stops_the_read(
    alexis: AlexisClient, emulators: Emulators, many: list[str]
) -> None:
    last: list[dict[str, Any]] = []

    def remember(body: dict[str, Any]) -> dict[str, Any]:
        last.append(body["data"][-1])
        return body

    def shifted(body: dict[str, Any]) -> dict[str, Any]:
        return {**body, "data": [last[0], *body["data"][:-1]]}  # same content, one row lost

    emulators.alexis_answers.add("GET /v1/employee", _page_at(0, remember))
    emulators.alexis_answers.add("GET /v1/employee", _page_at(PAGE_SIZE, shifted))

    with pytest.raises(IncompleteReadError, match=f"{ROWS - 1} distinct rows of total {ROWS}"):
        await alexis.list_all("employee")


async def test_a_leave_list_with_total_3_and_no_rows_is_incomplete(
    alexis: AlexisClient, alexis_tenant: AlexisTenant, emulators: Emulators
) -> None:
    emulators.alexis_answers.add("GET /v1/leave", json_edit(_leave_total_3_no_rows))

    with pytest.raises(IncompleteReadError, match="0 of total 3 rows arrived"):
        await alexis.leaves()


# --- answers that are not the endpoint's answer -----------------------------------------------

ALEXIS_MALFORMED: dict[str, Any] = {
    "html-page-200": html_page,
    "cut-json": not_json,
    "array-not-envelope": json_edit(lambda body: body["data"]),
    "no-data": json_edit(lambda body: {k: v for k, v in body.items() if k != "data"}),
    "data-is-object": json_edit(lambda body: {**body, "data": {"rows": body["data"]}}),
    "total-as-text": json_edit(lambda body: {**body, "total": str(body["total"])}),
    "count-null": json_edit(lambda body: {**body, "count": None}),
    "total-negative": json_edit(lambda body: {**body, "total": -1}),
    "relations-not-lists": json_edit(lambda body: {**body, "relations": {"department": 7}}),
}


@pytest.mark.parametrize("kind", ALEXIS_MALFORMED, ids=list(ALEXIS_MALFORMED))
@pytest.mark.parametrize(
    "read",
    [
        lambda a: a.employees(),
        lambda a: a.count("employee"),
        lambda a: a.list_all("employee", filters={"active": True}),
    ],
    ids=["employees", "count", "filtered"],
)
async def test_a_malformed_alexis_list_names_the_endpoint(
    alexis: AlexisClient,
    alexis_tenant: AlexisTenant,
    emulators: Emulators,
    kind: str,
    read: Callable[[AlexisClient], Any],
) -> None:
    alexis_tenant.company.insert("employee", {"firstName": "Kari", "ssn": "16024301269"})
    emulators.alexis_answers.add("GET /v1/employee", ALEXIS_MALFORMED[kind])

    with pytest.raises(MalformedResponseError) as caught:
        await read(alexis)

    message = str(caught.value)
    assert message.startswith("AlexisHR GET /v1/employee answered HTTP 200 unreadably: ")
    assert "?" not in message and "filters" not in message and "16024301269" not in message
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


@pytest.mark.parametrize(
    "edit",
    [html_page, json_edit(lambda body: {**body, "data": [body["data"]]})],
    ids=["html", "data-is-array"],
)
async def test_a_malformed_get_one_names_the_endpoint(
    alexis: AlexisClient, alexis_tenant: AlexisTenant, emulators: Emulators, edit: Any
) -> None:
    leave_id = alexis_tenant.company.insert("department", {"name": "Drift"})["id"]
    emulators.alexis_answers.add("GET /v1/department/*", edit)

    with pytest.raises(MalformedResponseError, match=f"GET /v1/department/{leave_id} answered"):
        await alexis.get("department", leave_id)


def _first_row(edit: Callable[[dict[str, Any]], Any]) -> Callable[[Any], Any]:
    return lambda rows: [edit(rows[0]), *rows[1:]] if rows else rows


PAYROLL_MALFORMED: dict[str, Any] = {
    "html-page-200": html_page,
    "cut-json": not_json,
    "object-not-array": json_edit(lambda rows: {"data": rows}),
    "null-body": json_edit(lambda rows: None),
    "row-not-object": json_edit(lambda rows: [*rows, "16024301269"]),
    "empid-as-object": json_edit(_first_row(lambda row: {**row, "empId": {"n": 1}})),
    "personnr-as-list": json_edit(_first_row(lambda row: {**row, "personnr": ["16024301269"]})),
}


@pytest.mark.parametrize("kind", PAYROLL_MALFORMED, ids=list(PAYROLL_MALFORMED))
async def test_a_malformed_payroll_list_names_the_endpoint(
    payroll: PayrollClient, payroll_tenant: PayrollTenant, emulators: Emulators, kind: str
) -> None:
    payroll_tenant.company.create_employee(
        {"empId": "1", "firstname": "Kari", "lastname": "Nordmann", "personnr": "16024301269"}
    )
    emulators.payroll_answers.add("GET /api/employee/v2", PAYROLL_MALFORMED[kind])

    with pytest.raises(MalformedResponseError) as caught:
        await payroll.employees()

    message = str(caught.value)
    assert message.startswith("24SevenOffice GET /api/employee/v2 answered HTTP 200 unreadably")
    assert "16024301269" not in message and "Kari" not in message


async def test_a_payroll_absence_read_with_an_html_page_names_its_path_without_the_query(
    payroll: PayrollClient, emulators: Emulators
) -> None:
    from datetime import date

    emulators.payroll_answers.add("GET /api/absence/v2*", html_page)

    with pytest.raises(MalformedResponseError) as caught:
        await payroll.absences(date(2026, 10, 1), date(2026, 10, 31), emp_id="7")

    assert (
        "GET /api/absence/v2/7 answered HTTP 200 unreadably: the body is not JSON (text/html)"
        in str(caught.value)
    )
    assert "datefrom" not in str(caught.value)


async def test_an_untrusted_read_is_asked_once(
    alexis: AlexisClient, alexis_tenant: AlexisTenant, emulators: Emulators
) -> None:
    emulators.alexis_answers.add("GET /v1/employee", html_page)

    with pytest.raises(UntrustedReadError):
        await alexis.employees()

    assert len(alexis_tenant.requests(at_least=1)) == 1
