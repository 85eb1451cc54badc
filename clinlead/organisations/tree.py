"""The tree of organisations as materialised paths of primary keys: "/4/17/52/" is organisation 52, under 17,
under 4. Reading ancestors needs no query; "this and everything below" is `path__startswith`."""

from django.db.models import QuerySet

from .models import Organisation


def path_for(organisation_id: int, parent_path: str | None) -> str:
    return f"{parent_path or '/'}{organisation_id}/"


def ancestor_ids(path: str) -> list[int]:
    """The organisation itself and every organisation above it, nearest last."""
    return [int(part) for part in path.strip("/").split("/") if part]


def depth(path: str) -> int:
    return path.count("/") - 2


def subtree(path: str) -> QuerySet[Organisation]:
    """The organisation at `path` and every one below it."""
    return Organisation.objects.filter(path__startswith=path)
