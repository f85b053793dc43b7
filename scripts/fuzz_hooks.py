"""Schemathesis hooks for `npm run fuzz` (scripts/fuzz.ts): the custom JSON Schema formats of
the API, so generated "valid" data is valid. `bsn`: 9 digits passing the elfproef (not 000000000)."""
import schemathesis
from hypothesis import strategies as st


def _bsn(prefix: int) -> str:
    digits = [int(c) for c in f"{prefix:08d}"]
    total = sum(d * (9 - i) for i, d in enumerate(digits))
    for last in range(10):
        if (total - last) % 11 == 0:
            candidate = "".join(map(str, digits)) + str(last)
            if candidate != "000000000":
                return candidate
    return ""


schemathesis.openapi.format(
    "bsn", st.integers(min_value=10_000_000, max_value=99_999_999).map(_bsn).filter(bool)
)
