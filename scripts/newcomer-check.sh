#!/usr/bin/env bash
# The README's "Start a new app" path, run as a new user runs it, in a fresh folder:
#
#   1. pack the library (npm pack: the tarball the README's Install section builds);
#   2. `cdk8s init typescript-app` (this repository's cdk8s-cli); without access to GitHub it
#      stops at `cdk8s import`, after the project is created and installed, as the README says;
#   3. with cdk8s-plus-33 (what init installs) still there, mixing it with the library gives
#      the error that names both versions;
#   4. swap cdk8s-plus-33 for cdk8s-plus-28 and install the tarball;
#   5. main.ts, main.test.ts and the cdk8s.yaml validation taken from the README itself;
#   6. `cdk8s synth` with the validation plugin, `cdk8s-patterns check dist`, jest writing
#      the snapshots, then jest with --ci against them.
#
# Needs the compiled library (npx projen compile) and the npm registry; reuses npm's cache
# (--prefer-offline). KEEP=1 keeps the folder for a look afterwards.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/cdk8s-patterns-newcomer.XXXXXX")
if [ "${KEEP:-}" = 1 ]; then echo "working in $work (kept)"; else trap 'rm -rf "$work"' EXIT; fi
export npm_config_prefer_offline=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1

started=$SECONDS
say() { echo "newcomer: $* ($((SECONDS - started)) s)"; }
fail() { echo "newcomer: FAILED: $*" >&2; exit 1; }

[ -f "$root/dist/lib/index.js" ] && [ -f "$root/.jsii" ] || fail "no compiled library; run 'npx projen compile' first"

# 1. The tarball.
tarball=$(cd "$root" && npm pack --ignore-scripts --silent --pack-destination "$work" | tail -n 1)
[ -f "$work/$tarball" ] || fail "npm pack wrote no tarball"
say "packed $tarball"

# 2. cdk8s init.
mkdir "$work/shop"
cd "$work/shop"
if ! "$root/node_modules/.bin/cdk8s" init typescript-app > "$work/init.log" 2>&1; then
  grep -q 'Command failed: npm run import' "$work/init.log" || { tail -n 30 "$work/init.log" >&2; fail "cdk8s init typescript-app"; }
  say "cdk8s init created the project and stopped at 'cdk8s import' (no access to GitHub), as the README says"
else
  say "cdk8s init created the project"
fi
for f in package.json main.ts main.test.ts cdk8s.yaml tsconfig.json jest.config.js; do [ -f "$f" ] || fail "cdk8s init wrote no $f"; done
grep -q '"cdk8s-plus-33"' package.json || fail "the template no longer installs cdk8s-plus-33: update the README's Start a new app"

# 3. Mixing cdk8s-plus-33 with the library: the error names both versions.
npm install "$work/$tarball" > "$work/install.log" 2>&1 || { tail -n 20 "$work/install.log" >&2; fail "npm install of the tarball beside cdk8s-plus-33"; }
node -e "
  const { App, Chart } = require('cdk8s');
  const plus33 = require('cdk8s-plus-33');
  const { ConfigMapInjection, InjectionTarget } = require('cdk8s-patterns');
  const chart = new Chart(new App(), 'shop');
  const pod = new plus33.Pod(chart, 'read-pod', { containers: [{ image: 'busybox:1.36.1' }] });
  try {
    new ConfigMapInjection(chart, 'cfg', { literals: { a: '1' } }).mountFiles(InjectionTarget.fromPod(pod), { path: '/etc/app' });
  } catch (e) {
    console.log(e.message);
    process.exit(/is a Pod of cdk8s-plus-33 [0-9.]+, but cdk8s-patterns is built on cdk8s-plus-28 [0-9.]+/.test(e.message) ? 0 : 1);
  }
  console.error('a cdk8s-plus-33 Pod was accepted');
  process.exit(1);
" > "$work/mix.log" 2>&1 || { cat "$work/mix.log" >&2; fail "a cdk8s-plus-33 Pod did not get the error naming both versions"; }
say "a cdk8s-plus-33 Pod gets: $(cat "$work/mix.log")"

# 4. The README's swap: cdk8s-plus-28 for cdk8s-plus-33, and the library.
npm uninstall cdk8s-plus-33 > "$work/install.log" 2>&1 || { tail -n 20 "$work/install.log" >&2; fail "npm uninstall cdk8s-plus-33"; }
npm install cdk8s-plus-28 "$work/$tarball" > "$work/install.log" 2>&1 || { tail -n 20 "$work/install.log" >&2; fail "npm install cdk8s-plus-28 and the tarball"; }
say "installed cdk8s-plus-28 and the tarball"

# 5. The files, exactly as the README's "Start a new app" section shows them.
awk -v out="$work/shop" '
  /^## / { in_section = ($0 ~ /^## Start a new app/) }
  !in_section { next }
  /^```/ { if (in_block) { in_block = 0; file = "" } else { in_block = 1; first = 1 } next }
  in_block && first {
    first = 0
    if ($0 == "// main.ts") { file = out "/main.ts"; printf "" > file }
    else if ($0 == "// main.test.ts") { file = out "/main.test.ts"; printf "" > file }
    else if ($0 ~ /^# cdk8s\.yaml/) { file = out "/cdk8s.yaml"; print "" >> file }
    next
  }
  in_block && file { print >> file }
' "$root/README.md"
grep -q PatternTesting main.test.ts || fail "README's main.test.ts was not found (a block starting with '// main.test.ts' under '## Start a new app')"
grep -q ExposedWebApp main.ts || fail "README's main.ts was not found (a block starting with '// main.ts' under '## Start a new app')"
grep -q ManifestChecksValidation cdk8s.yaml || fail "README's cdk8s.yaml validation block was not found (a block starting with '# cdk8s.yaml')"
say "wrote main.ts, main.test.ts and the cdk8s.yaml validation from the README"

# 6. Synth, check, snapshot test.
npx cdk8s synth > "$work/synth.log" 2>&1 || { tail -n 40 "$work/synth.log" >&2; fail "cdk8s synth"; }
grep -q 'Validations ended succesfully' "$work/synth.log" || { tail -n 40 "$work/synth.log" >&2; fail "cdk8s synth ran no validation"; }
ls dist/*.k8s.yaml > /dev/null || fail "cdk8s synth wrote no dist/*.k8s.yaml"
say "cdk8s synth: $(grep -c '^kind:' dist/*.k8s.yaml) objects in $(ls dist/*.k8s.yaml | xargs -n1 basename), the validation plugin passed"
npx cdk8s-patterns check dist > "$work/check.log" 2>&1 || { cat "$work/check.log" >&2; fail "cdk8s-patterns check dist"; }
say "$(cat "$work/check.log")"
npx jest -u > "$work/jest.log" 2>&1 || { tail -n 40 "$work/jest.log" >&2; fail "jest -u (writing the snapshots)"; }
npx jest --ci > "$work/jest.log" 2>&1 || { tail -n 40 "$work/jest.log" >&2; fail "jest --ci against the written snapshots"; }
grep -q 'Deployment/shop/web' __snapshots__/main.test.ts.snap || fail "the snapshots are not named after their objects"
say "jest: $(grep -E '^Tests:' "$work/jest.log" | tr -s ' '), snapshots named after their objects"
say "done"
