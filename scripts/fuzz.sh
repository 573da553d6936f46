#!/usr/bin/env bash
# Fuzzes one target by hand with Jazzer for the time its @FuzzTest allows (10 minutes):
#   scripts/fuzz.sh manifestReader|contentGlob|tokenReplacer|parametersJson|jdtEngine|xdtEngine|sqlSplitter
# A finding is written beside the kept inputs (src/test/resources/.../<Test>Inputs/<target>/crash-*),
# which the normal test command then replays. What the fuzzer explored goes to <module>/.cifuzz-corpus/
# (not committed). Build first: mvn -B install -DskipTests.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:?name a target}"
case "$target" in
  sqlSplitter) module=deploy-steps-sql; test=SqlSplitterFuzzTest ;;
  manifestReader|contentGlob|tokenReplacer|parametersJson|jdtEngine|xdtEngine) module=deploy-core; test=ParserFuzzTest ;;
  *) echo "unknown target $target" >&2; exit 2 ;;
esac
JAZZER_FUZZ=1 exec mvn -B -o -pl "$module" surefire:test -Dtest="$test#$target" -Dsurefire.reportsDirectory="target/fuzz-reports-$target"
