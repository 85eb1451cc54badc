"""Members by email address: typed in a box (one or many a line, commas or spaces between), or a CSV file with an
"email" column. Nothing is added unless every address has an account: the trainer gets the whole list of what to
fix first (by row and column for a file)."""

import csv
import io
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from clinlead.accounts import api as accounts

SEPARATORS = re.compile(r"[\s,;]+")
MAX_ADDRESSES = 2000
MAX_FILE_BYTES = 1_000_000


@dataclass(frozen=True)
class Found:
    user_ids: tuple[int, ...]
    problems: tuple[str, ...]  # what to fix; nothing may be added while there are any


def _is_email(address: str) -> bool:
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


def from_text(text: str) -> Found:
    addresses = [a for a in SEPARATORS.split(text.strip()) if a]
    if not addresses:
        return Found((), ("Enter the email addresses of the people to add",))
    if len(addresses) > MAX_ADDRESSES:
        return Found((), (f"Enter at most {MAX_ADDRESSES:,} addresses at a time (you entered {len(addresses):,})",))
    not_emails = [a for a in addresses if not _is_email(a)]
    known = accounts.existing_accounts([a.lower() for a in addresses if _is_email(a)])
    unknown = [a for a in addresses if _is_email(a) and a.lower() not in known]
    problems = []
    if not_emails:
        problems.append("These are not email addresses: " + ", ".join(not_emails))
    if unknown:
        problems.append(
            "Nobody has an account with these addresses (they need to sign up first, or check the spelling): "
            + ", ".join(unknown)
        )
    if problems:
        return Found((), tuple(problems))
    return Found(tuple(dict.fromkeys(known[a.lower()] for a in addresses)), ())


def from_csv(content: bytes) -> Found:
    """Row numbers count the header as row 1, as a spreadsheet shows them."""
    if len(content) > MAX_FILE_BYTES:
        return Found((), (f"The file is larger than {MAX_FILE_BYTES // 1_000_000} MB: split it into smaller files",))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Found((), ("The file is not a CSV file saved as UTF-8: save it as “CSV UTF-8” and upload it again",))
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    if "email" not in header:
        return Found((), ("Row 1 must name the columns, one of them “email”",))
    column = header.index("email")
    rows: list[tuple[int, str]] = []
    problems: list[str] = []
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        address = row[column].strip() if column < len(row) else ""
        if not _is_email(address):
            problems.append(f"Row {number}, column “email”: “{address}” is not an email address")
        else:
            rows.append((number, address))
    if not rows and not problems:
        return Found((), ("The file has no addresses under its “email” column",))
    if len(rows) > MAX_ADDRESSES:
        return Found((), (f"The file has {len(rows):,} addresses: upload at most {MAX_ADDRESSES:,} at a time",))
    known = accounts.existing_accounts([a.lower() for _, a in rows])
    problems += [
        f"Row {number}, column “email”: nobody has an account with “{address}”"
        for number, address in rows
        if address.lower() not in known
    ]
    if problems:
        return Found((), tuple(sorted(problems, key=lambda p: int(p.split(",")[0].split()[1]))))
    return Found(tuple(dict.fromkeys(known[a.lower()] for _, a in rows)), ())
