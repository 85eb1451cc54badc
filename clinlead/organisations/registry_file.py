"""Reading a registry file: organisations in the ODS "ets"-style columns, one per line.

The ODS API is online and out of reach of an installation like this one, so the registry is loaded from a file
exported from it (or written by hand). Required columns: code, name, parent_code, postcode, opened_on,
closed_on (dates as ODS writes them, 20240401, or 2024-04-01). Optional: kind (see Organisation.Kind),
eligible (yes/no), email_domains (separated by spaces or semicolons). Every problem is reported with its line
and column, and nothing is loaded while any remains.
"""

import csv
import datetime
import io
import re
from collections.abc import Iterable

from .data import OrganisationRow, Problem
from .models import Organisation

REQUIRED_COLUMNS = ("code", "name", "parent_code", "postcode", "opened_on", "closed_on")
OPTIONAL_COLUMNS = ("kind", "eligible", "email_domains")
CODE = re.compile(r"^(?:[A-Z0-9]{3,10}|L-[A-Z0-9-]{1,17})$")
DOMAIN = re.compile(r"^(?=.{1,200}$)([a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")
_KINDS = {kind.value for kind in Organisation.Kind}
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0", ""}


def _date(text: str) -> datetime.date | None:
    text = text.strip()
    if not text:
        return None
    for pattern in ("%Y%m%d", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date: write it as 20240401 or 2024-04-01")


def _kind_from_code(code: str) -> str:
    """ODS codes: three characters for a trust, five for one of its sites; anything else is "other"."""
    return {3: Organisation.Kind.TRUST, 5: Organisation.Kind.SITE}.get(len(code), Organisation.Kind.OTHER)


def read(text: str) -> tuple[list[OrganisationRow], list[Problem]]:
    """The organisations in a registry file's text, and every problem found in it."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns = [(c or "").strip().lower() for c in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    unknown = [c for c in columns if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    problems = []
    if missing:
        problems.append(Problem(1, "", f"missing column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}"))
    if unknown:
        problems.append(
            Problem(
                1,
                "",
                f"unknown column{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)} (expected "
                f"{', '.join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)})",
            )
        )
    if problems:
        return [], problems
    reader.fieldnames = columns
    rows: list[OrganisationRow] = []
    first_line: dict[str, int] = {}
    for record in reader:
        line = reader.line_num
        if None in record:
            problems.append(Problem(line, "", f"{len(columns) + len(record[None])} values for {len(columns)} columns"))
            continue
        values = {key: (value or "").strip() for key, value in record.items()}
        row, row_problems = _row(line, values)
        problems += row_problems
        if row is None:
            continue
        if row.code in first_line:
            problems.append(Problem(line, "code", f"{row.code} is already on line {first_line[row.code]}"))
            continue
        first_line[row.code] = line
        rows.append(row)
    problems += _check_parents(rows, first_line)
    return rows, problems


def _row(line: int, values: dict[str, str]) -> tuple[OrganisationRow | None, list[Problem]]:
    problems = []
    code = values["code"].upper()
    if not CODE.match(code):
        problems.append(
            Problem(
                line,
                "code",
                f"{values['code']!r} is not an ODS code (3 to 10 letters and digits) or a "
                "local code (L- then letters, digits and hyphens)",
            )
        )
    if not values["name"]:
        problems.append(Problem(line, "name", "the organisation needs a name"))
    elif len(values["name"]) > 200:
        problems.append(Problem(line, "name", "longer than 200 characters"))
    dates = {}
    for column in ("opened_on", "closed_on"):
        try:
            dates[column] = _date(values[column])
        except ValueError as error:
            problems.append(Problem(line, column, str(error)))
    opened_on, closed_on = dates.get("opened_on"), dates.get("closed_on")
    if opened_on and closed_on and closed_on < opened_on:
        problems.append(Problem(line, "closed_on", "closes before it opens"))
    kind = values.get("kind", "").lower() or _kind_from_code(code)
    if kind not in _KINDS:
        problems.append(Problem(line, "kind", f"{kind!r} is not one of {', '.join(sorted(_KINDS))}"))
    eligible_text = values.get("eligible", "").lower()
    if eligible_text not in _YES | _NO:
        problems.append(Problem(line, "eligible", f"{values['eligible']!r}: write yes or no"))
    domains = tuple(d.lower().lstrip("@") for d in re.split(r"[;\s]+", values.get("email_domains", "")) if d)
    for domain in domains:
        if not DOMAIN.match(domain):
            problems.append(Problem(line, "email_domains", f"{domain!r} is not an email domain"))
    if len(values["postcode"]) > 10:
        problems.append(Problem(line, "postcode", "longer than 10 characters"))
    if problems:
        return None, problems
    return (
        OrganisationRow(
            line=line,
            code=code,
            name=values["name"],
            parent_code=values["parent_code"].upper(),
            postcode=values["postcode"].upper(),
            opened_on=dates["opened_on"],
            closed_on=dates["closed_on"],
            kind=kind,
            eligible=eligible_text in _YES,
            email_domains=domains,
        ),
        [],
    )


def _check_parents(rows: Iterable[OrganisationRow], line_of: dict[str, int]) -> list[Problem]:
    """Each parent is in the file or already registered, and no organisation is its own ancestor."""
    by_code = {row.code: row for row in rows}
    registered = set(
        Organisation.objects.filter(code__in={r.parent_code for r in by_code.values()} - set(by_code)).values_list(
            "code", flat=True
        )
    )
    problems = []
    for row in by_code.values():
        if not row.parent_code:
            continue
        if row.parent_code not in by_code and row.parent_code not in registered:
            problems.append(
                Problem(row.line, "parent_code", f"{row.parent_code} is neither in this file nor registered")
            )
            continue
        seen, code = {row.code}, row.parent_code
        while code in by_code:
            if code in seen:
                problems.append(Problem(row.line, "parent_code", f"{row.code} would be inside itself"))
                break
            seen.add(code)
            code = by_code[code].parent_code
    return problems
