#!/usr/bin/env bash
# Run inside `python -m config.services --`: migrate, seed once, then web + worker + beat.
set -euo pipefail
cd "$(dirname "$0")/.."
children="${1:-2000}"
export PATH="$PWD/.venv/bin:$PATH"
python manage.py migrate --noinput
python manage.py sync_bank_holidays
if python manage.py shell -c "from placements.models import Child; raise SystemExit(0 if Child.objects.exists() else 1)"; then
  echo "Demo data already present (python manage.py seed_demo --reset --children N to rebuild)."
else
  python manage.py seed_demo --children "$children" --seed 1
  # The dashboards read monthly snapshots: fill the last two years now, not at 02:05.
  python manage.py backfill_indicators --months 24
fi
echo "Open http://127.0.0.1:8000/ and sign in with a demo login from README.md."
exec honcho start -f Procfile
