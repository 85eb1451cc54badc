"""Certificate numbers: 100 random bits in Crockford's base 32, so they can be read aloud and typed,
and cannot be guessed or counted through (there are about 10^30 of them for every certificate)."""

import re
import secrets

# Crockford's alphabet leaves out I, L, O and U, which are easily confused or misread.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS, GROUP_LENGTH = 5, 4  # 20 characters of 5 bits: 100 bits
PREFIX = "CL"
PATTERN = re.compile(rf"^{PREFIX}(-[{ALPHABET}]{{{GROUP_LENGTH}}}){{{GROUPS}}}$")


def new_number() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_LENGTH))
    groups = [chars[i : i + GROUP_LENGTH] for i in range(0, len(chars), GROUP_LENGTH)]
    return "-".join([PREFIX, *groups])


def normalise(text: str) -> str | None:
    """What a person typed, made canonical: case, spaces and look-alike letters forgiven. None if malformed."""
    cleaned = re.sub(r"[\s\-]", "", text.upper())
    if not cleaned.startswith(PREFIX):
        return None
    body = cleaned[len(PREFIX) :].translate(str.maketrans("ILO", "110"))
    if len(body) != GROUPS * GROUP_LENGTH or any(char not in ALPHABET for char in body):
        return None
    return "-".join([PREFIX, *(body[i : i + GROUP_LENGTH] for i in range(0, len(body), GROUP_LENGTH))])
