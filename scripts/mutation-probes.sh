#!/usr/bin/env bash
# Mutation probes: break one guard at a time in a scratch copy of the tree and check that the
# tests meant to hold it fail. Prints one line per probe, "caught" or "MISSED"; exits 1 if any
# probe was missed (a guard whose test cannot fail). Not part of the default suite: it runs the
# named test files once per probe (a few minutes in all). See docs/security.md.
#
#   bash scripts/mutation-probes.sh            # every probe
#   bash scripts/mutation-probes.sh css link   # only probes whose name contains "css" or "link"
#
# To add a probe, add a line to PROBES:
#   name | file | exact text to replace | replacement | test files (space-separated)
# The text must occur in the file exactly once ("⏎" stands for a line break). Keep it short and
# specific so a refactor that moves the guard makes the probe fail loudly ("text not found")
# rather than pass silently.
set -euo pipefail

PROBES=(
  "links: pdf writer keeps every link|src/donorkit/writers/pdf.py|neutralise_links(html.etree_element.iter(),|(lambda *_: None)(html.etree_element.iter(),|tests/test_writer_guards.py"
  "links: html writer keeps every link|src/donorkit/writers/html.py|neutralise_links(root.iter(),|(lambda *_: None)(root.iter(),|tests/test_writer_guards.py"
  "links: docx writer keeps every link|src/donorkit/writers/docx/inline.py|if not link_allowed(href):|if False:|tests/test_writer_guards.py"
  "links: one scheme rule allows anything|src/donorkit/urls.py|return scheme in LINK_SCHEMES|return True|tests/test_writer_guards.py tests/test_security.py"
  "strict: no check after writing|src/donorkit/exporting.py|result.files = write_document(doc, brand=brand, policy=policy, options=options)|result.files = write_document(doc, brand=brand, policy=policy, options=options); return|tests/test_writer_guards.py"
  "css: brand strings not escaped|src/donorkit/rendering/css.py|serialize_string_value(text|str(text|tests/test_brands.py"
  "html: no image policy|src/donorkit/writers/html.py|    inline_images(root, policy)|    pass|tests/test_writer_guards.py"
  "intro: spec Markdown skips the body pipeline|src/donorkit/context.py|    if spec.intro.strip():|    if spec.intro.strip():⏎        from .library.markdown import parser, sanitise⏎        return sanitise(parser().render(spec.intro))|tests/test_writer_guards.py"
  "images: NUL byte reaches the file system|src/donorkit/rendering/assets.py|if \"\\0\" in raw:|if False:|tests/test_writer_guards.py"
  "language: export option ignored for portfolios|src/donorkit/exporting.py|language = self.language or (spec.language if spec is not None else None)|language = (spec.language if spec is not None else None) or self.language|tests/test_writer_guards.py tests/test_i18n_export.py"
  "assets: any file may be read|src/donorkit/rendering/assets.py|return any(resolved.is_relative_to(root) for root in self.roots)|return True|tests/test_security.py"
  "assets: pdf fetcher checks nothing|src/donorkit/rendering/assets.py|                policy.check_url(url)|                pass|tests/test_security.py"
  "svg: external references drawn|src/donorkit/svg.py|                del el.attrib[name]|                pass|tests/test_brand_problems.py"
  "brand: only the first problem reported|src/donorkit/brand/loader.py|        if len(self.found) == 1:|        if self.found:|tests/test_brand_problems.py"
  "body: no tag budget before nh3|src/donorkit/text/htmlbounds.py|    if tags > budget.left:|    if False:|tests/test_body_bounds.py"
  "body: nesting not bounded before nh3|src/donorkit/text/htmlbounds.py|    if model.needs_rewrite:|    if False:|tests/test_body_bounds.py"
  "names: colliding slugs load|src/donorkit/library/library.py|        first = outputs.get(name_key(stem))|        first = None|tests/test_output_names.py"
  "names: export writes one path twice|src/donorkit/exporting.py|            if first != project.slug:|            if False:|tests/test_output_names.py"
  "countries: lower-case two-letter codes read as countries|src/donorkit/library/countries.py|len(label) > _SHORT or label.isupper()|True|tests/test_normalise.py"
)

cd "$(dirname "$0")/.."
ROOT=$PWD
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
missed=0

scratch_copy() {  # the tree as it is now, committed or not (never .venv or .git)
  local dir
  dir=$(mktemp -d)
  git ls-files -co --exclude-standard -z | xargs -0 cp --parents -t "$dir" 2>/dev/null || true
  echo "$dir"
}

run_tests() {  # run_tests DIR TEST_FILES...: the suite of a scratch copy, quietly
  local dir=$1
  shift
  (cd "$dir" && PYTHONPATH="$dir/src" "$PYTHON" -m pytest -x -q -p no:cacheprovider "$@" \
     >/dev/null 2>&1)
}

# Control: unmutated, the named tests must pass in a scratch copy, or a "caught" means nothing.
all_tests=$(for probe in "${PROBES[@]}"; do IFS='|' read -r _ _ _ _ t <<<"$probe"; echo $t; done |
            tr ' ' '\n' | sort -u | tr '\n' ' ')
control=$(scratch_copy)
# shellcheck disable=SC2086
if ! run_tests "$control" $all_tests; then
  echo "control run failed: the tests fail without any mutation ($all_tests)" >&2
  rm -rf "$control"
  exit 2
fi
rm -rf "$control"

for probe in "${PROBES[@]}"; do
  IFS='|' read -r name file old new tests <<<"$probe"
  if [ $# -gt 0 ]; then
    wanted=0
    for word in "$@"; do [[ $name == *"$word"* ]] && wanted=1; done
    [ $wanted = 1 ] || continue
  fi
  scratch=$(scratch_copy)
  if ! "$PYTHON" - "$scratch/$file" "$old" "$new" <<'EOF'
import sys
from pathlib import Path

path, old, new = Path(sys.argv[1]), sys.argv[2].replace("⏎", "\n"), sys.argv[3].replace("⏎", "\n")
text = path.read_text(encoding="utf-8")
if text.count(old) != 1:
    sys.exit(f"text found {text.count(old)} times in {path.name}: {old!r}")
path.write_text(text.replace(old, new), encoding="utf-8")
EOF
  then
    echo "MISSED  $name (the mutation could not be applied: update the probe)"
    missed=1
  # shellcheck disable=SC2086
  elif run_tests "$scratch" $tests; then
    echo "MISSED  $name (tests still pass: $tests)"
    missed=1
  else
    echo "caught  $name"
  fi
  rm -rf "$scratch"
done
exit $missed
