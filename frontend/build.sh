#!/usr/bin/env bash
# Rebuilds the GOV.UK Frontend assets that Django serves as static files.
#
#   bash frontend/build.sh
#
# Writes (and replaces on every run, so it is safe to re-run):
#   static/govuk/app.css                 compiled from frontend/src/app.scss (Arial, no crown)
#   static/govuk/govuk-frontend.min.js   GOV.UK Frontend's ES module bundle
#   static/govuk/assets/                 our own favicon and manifest (the GOV.UK ones show the crown)
#   tests/browser/axe.min.js             axe-core, for the browser tests only (never served)
#
# Node is needed only here: the compiled output is committed, so the runtime needs no Node.
set -euo pipefail

frontend_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(dirname "$frontend_dir")"
govuk_dist="$frontend_dir/node_modules/govuk-frontend/dist/govuk"
out_dir="$repo_dir/static/govuk"

cd "$frontend_dir"
npm ci --no-audit --no-fund --ignore-scripts

rm -rf "$out_dir"
mkdir -p "$out_dir/assets/images" "$repo_dir/tests/browser"

npx --no-install sass \
  --no-source-map \
  --style=compressed \
  --load-path=node_modules \
  src/app.scss "$out_dir/app.css"

# Drop the sourceMappingURL comment: we do not ship the map, and Django's
# ManifestStaticFilesStorage fails collectstatic on a reference to a missing file.
sed -e '/^\/\/# sourceMappingURL=/d' -e 's|//# sourceMappingURL=[^ ]*$||' \
  "$govuk_dist/govuk-frontend.min.js" > "$out_dir/govuk-frontend.min.js"

cp src/assets/manifest.json "$out_dir/assets/manifest.json"
cp src/assets/images/favicon.svg "$out_dir/assets/images/favicon.svg"

cp node_modules/axe-core/axe.min.js "$repo_dir/tests/browser/axe.min.js"

# Every url() in the compiled CSS must name a file we ship (no fonts, no crest).
missing=0
while read -r url; do
  if [ ! -f "$repo_dir${url}" ]; then
    echo "app.css references $url, which is not shipped" >&2
    missing=1
  fi
done < <(grep -o 'url([^)]*)' "$out_dir/app.css" | sed -E 's/^url\(["'"'"']?//; s/["'"'"']?\)$//' || true)
[ "$missing" -eq 0 ]

size_kb=$(du -sk "$out_dir" | cut -f1)
echo "static/govuk: ${size_kb} KB"
if [ "$size_kb" -ge 500 ]; then
  echo "static/govuk is over the 0.5 MB budget" >&2
  exit 1
fi
