"""CSV and XLSX exports of extracted figures, safe to open in a spreadsheet.

Both formats carry exactly the rows (and columns) of the JSON answer for the
same parameters. A cell whose text starts with ``=``, ``+``, ``-`` or ``@``
(or a tab or carriage return) would be run as a formula by Excel or
LibreOffice ("CSV injection"), and article sentences are text from the web, so
such text cells are prefixed with an apostrophe. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

#: the columns of a figures export, in order (the fields of ``search_api.base.MetricRow``)
METRIC_COLUMNS = (
    "id",
    "article_id",
    "article_title",
    "published",
    "source",
    "unit",
    "value",
    "total",
    "percent",
    "change",
    "change_percent",
    "subject",
    "period",
    "sentence",
    "consistent",
)
BUCKET_COLUMNS = ("key", "count", "sum")


def neutralise(value: Any) -> Any:
    """A cell value that a spreadsheet shows as written and never evaluates.

    Whole floats become ints (``1245.0`` → ``1245``) so counts read as counts.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _cells(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> Iterable[list[Any]]:
    for row in rows:
        yield [neutralise(row.get(c)) for c in columns]


def to_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str] = METRIC_COLUMNS) -> bytes:
    """UTF-8 CSV with a byte-order mark so Excel shows Vietnamese correctly."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(columns)
    for cells in _cells(rows, columns):
        writer.writerow(["" if c is None else c for c in cells])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(
    rows: Iterable[dict[str, Any]],
    columns: Sequence[str] = METRIC_COLUMNS,
    *,
    buckets: Iterable[dict[str, Any]] | None = None,
    sheet: str = "Số liệu",
) -> bytes:
    """An XLSX workbook: one sheet of rows, and one of aggregates when there are any."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    ws.append(list(columns))
    for cells in _cells(rows, columns):
        ws.append(cells)
    bucket_list = list(buckets or [])
    if bucket_list:
        agg = wb.create_sheet("Tổng hợp")
        agg.append(list(BUCKET_COLUMNS))
        for cells in _cells(bucket_list, BUCKET_COLUMNS):
            agg.append(cells)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
