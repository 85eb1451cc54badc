"""Certificate numbers cannot be guessed, and forgive the ways people mistype them."""

from clinlead.certificates.numbers import PATTERN, new_number, normalise


def test_numbers_have_the_printed_shape_and_do_not_repeat() -> None:
    numbers = {new_number() for _ in range(2000)}
    assert len(numbers) == 2000
    assert all(PATTERN.match(number) for number in numbers)


def test_typed_numbers_are_forgiven_case_spaces_and_look_alike_letters() -> None:
    number = "CL-7K3M-9QX2-P4TD-W8HN-2RJC"
    assert normalise("cl 7k3m 9qx2 p4td w8hn 2rjc") == number
    assert normalise("CL7K3M9QX2P4TDW8HN2RJC") == number
    assert normalise("CL-7K3M-9QX2-P4TD-W8HN-2RJO") == "CL-7K3M-9QX2-P4TD-W8HN-2RJ0"


def test_malformed_numbers_are_refused_before_any_lookup() -> None:
    for typed in ("", "CL-", "CL-1234", "XX-7K3M-9QX2-P4TD-W8HN-2RJC", "CL-7K3M-9QX2-P4TD-W8HN-2RJ!", "x" * 300):
        assert normalise(typed) is None
