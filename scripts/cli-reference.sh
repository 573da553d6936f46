#!/usr/bin/env bash
# Writes docs/cli/ again from the sample CLI's command model (picocli's ManPageGenerator), after a
# change to a command's options or descriptions; CliReferenceTest fails until it matches.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests install -pl deploy-cli-sample -am
mvn -B -q -pl deploy-cli-sample surefire:test -Dtest=CliReferenceTest -Dstagehand.writeCliReference=true
echo "docs/cli/ written"
