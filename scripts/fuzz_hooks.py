"""Schemathesis hooks for `npm run fuzz` (scripts/fuzz.ts): the custom JSON Schema formats of
the API, so generated "valid" data is valid. `bsn`: 9 digits passing the elfproef (not 000000000).
And the monitor period's inter-parameter rules (below)."""
from datetime import date

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


# Inter-parameter rules of the monitor's period (`/beheer/monitor/cijfers…`), written in the
# parameters' descriptions, which OpenAPI cannot express for query parameters: `van` and `tot`
# together, `tot` not before `van`, at most ten years (3,653 days), not with `periode`. The
# server answers a request that breaks one of them with 400 naming the parameter (tested in
# test/api/monitor-fuzz-findings.test.ts); here a generated request is made to keep them, so
# "schema-valid" means valid to the server. Every other parameter is fuzzed as generated.
_MAX_RANGE_DAYS = 3653


def _as_date(value):
    try:
        return date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    query = case.query
    if not isinstance(query, dict) or not case.operation.path.startswith("/beheer/monitor/cijfers"):
        return
    if "periode" in query:
        query.pop("van", None)
        query.pop("tot", None)
        return
    if ("van" in query) != ("tot" in query):
        query.pop("van", None)
        query.pop("tot", None)
        return
    van, tot = _as_date(query.get("van")), _as_date(query.get("tot"))
    if van is None or tot is None:
        return
    if tot < van:
        van, tot = tot, van
    if (tot - van).days >= _MAX_RANGE_DAYS:
        tot = van
    query["van"], query["tot"] = van.isoformat(), tot.isoformat()
