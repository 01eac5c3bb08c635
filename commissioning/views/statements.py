"""The payments statement for a contract and month: page, CSV and XLSX, the same lines."""

import datetime as dt

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from commissioning.exports import csv_response, xlsx_response
from commissioning.permissions import gate
from commissioning.selectors import queues
from commissioning.selectors.statements import statement

HEADER = [
    "Section",
    "Source",
    "Reference",
    "Child ID",
    "Child",
    "Description",
    "From",
    "To",
    "Days",
    "Rate (£)",
    "Amount (£)",
]


def _statement(request, pk: int, year: int, month: int):
    gate(request.user)
    contract = queues.get_my_contract(request.user, pk)
    try:
        first = dt.date(year, month, 1)
    except ValueError:
        raise Http404("No such month") from None
    return statement(contract, first)


def rows(result) -> list[list]:
    out = []
    for line in result.fees:
        out.append(
            [
                "Fees",
                "Block sum" if line.kind == "block" else "Per child",
                f"allocation {line.allocation_id}" if line.allocation_id else "",
                line.la_child_id,
                line.child_name,
                "Monthly block sum x days / days in month"
                if line.kind == "block"
                else "Weekly price x days allocated / 7",
                line.first_day,
                line.last_day,
                line.days,
                line.rate,
                line.amount,
            ]
        )
    for line in result.spend:
        out.append(
            [
                "Approved spend",
                "Spend request" if line.source == "request" else "Placement cost",
                f"{'request' if line.source == 'request' else 'placement cost'} {line.source_id}",
                line.la_child_id,
                line.child_name,
                line.description,
                line.first_day,
                line.last_day,
                line.days,
                line.rate,
                line.total,
            ]
        )
    out.append(["Total fees", "", "", "", "", "", "", "", "", "", result.fees_total])
    out.append(["Total approved spend", "", "", "", "", "", "", "", "", "", result.spend_total])
    out.append(["Total due", "", "", "", "", "", "", "", "", "", result.total])
    return out


def _filename(result, ext: str) -> str:
    return f"statement-{result.contract.reference}-{result.month:%Y-%m}.{ext}"


@require_GET
def statement_page(request, pk: int, year: int, month: int):
    result = _statement(request, pk, year, month)
    previous = (result.first_day - dt.timedelta(days=1)).replace(day=1)
    following = result.last_day + dt.timedelta(days=1)
    return render(
        request,
        "commissioning/statement.html",
        {"s": result, "contract": result.contract, "previous": previous, "following": following},
    )


@require_GET
def statement_csv(request, pk: int, year: int, month: int):
    result = _statement(request, pk, year, month)
    return csv_response(_filename(result, "csv"), HEADER, rows(result))


@require_GET
def statement_xlsx(request, pk: int, year: int, month: int):
    result = _statement(request, pk, year, month)
    title = f"{result.contract.reference} {result.month:%m-%Y}"
    return xlsx_response(_filename(result, "xlsx"), [(title, HEADER, rows(result))])
