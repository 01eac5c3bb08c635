#!/usr/bin/env bash
# The suite with the wall clock moved (tests/conftest.py --clock): a test that passes today
# but not on another day is a time bomb. Three days: a year and a day from now (whatever
# today is), the last day of a collection and financial year and the first of the next
# (31 March / 1 April), and 29 February 2028.
#
# Browser and real-worker tests are left out: the browser and the worker run in processes
# whose clocks cannot be moved. The year-ahead pass runs everything else; the boundary days
# run the areas whose rules turn on dates (deadlines, the return, indicators, commissioning,
# inspections, the record, seeding).
#
#   bash scripts/test-clock.sh            # all three (what CI runs)
#   bash scripts/test-clock.sh 2027-04-01 # one day, the date-sensitive areas
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
NOT_MOVABLE="not browser and not celery_worker"
# Time bombs this guard finds on the boundary days, left out of those passes by name until
# fixed (each still runs in make test and a year ahead). Empty: keep it so.
KNOWN_ON_BOUNDARIES=()
DATED=(tests/placements tests/oversight tests/indicators tests/commissioning tests/api tests/core/test_clock.py)

next_march_31() {
  $PY - <<'PY'
import datetime as dt
today = dt.date.today()
year = today.year if today < dt.date(today.year, 3, 31) else today.year + 1
print(dt.date(year, 3, 31).isoformat())
PY
}

run() {  # run DAY [paths...]
  local day="$1"; shift
  echo "== the suite on ${day} =="
  # Each pass its own test database, so a pass never sees another's rows.
  TEST_DATABASE_NAME="test_swp_clock_${day//[-:T]/_}" \
    $PY -m pytest -q --clock "$day" -m "$NOT_MOVABLE" "$@"
}

if [ $# -gt 0 ]; then
  for day in "$@"; do run "$day" "${DATED[@]}" "${KNOWN_ON_BOUNDARIES[@]}"; done
  exit 0
fi

year_ahead="$($PY -c 'import datetime as dt; print((dt.date.today() + dt.timedelta(days=367)).isoformat())')"
march_31="$(next_march_31)"
april_1="$($PY -c "import datetime as dt; print((dt.date.fromisoformat('$march_31') + dt.timedelta(days=1)).isoformat())")"

# The year-ahead pass alone, then the three boundary days side by side (each its own
# database and log), which on two cores takes about the time of one and a half.
run "$year_ahead"
logs="$(mktemp -d)"
pids=()
for day in "$march_31" "$april_1" 2028-02-29; do
  run "$day" "${DATED[@]}" "${KNOWN_ON_BOUNDARIES[@]}" >"$logs/$day.log" 2>&1 &
  pids+=("$!")
done
status=0
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || status=1
done
for log in "$logs"/*.log; do cat "$log"; done
exit "$status"
