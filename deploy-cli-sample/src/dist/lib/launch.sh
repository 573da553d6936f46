# Sourced by bin/deploy of the distribution and by ./deploy of the checkout (POSIX sh): runs
# deploy.jar with a class-data sharing archive of its classes (AppCDS, deploy.jsa beside the jar),
# which halves the start-up of a command. The archive is made by the JVM at the end of the first
# run that finds none (or a stale one), and used by every run after it. Sourced, not run: it ends
# the script with the command's exit status.
#
# Java 17 maps the archive into memory and trusts what it maps: a truncated archive crashes the
# JVM and a damaged one can make it misbehave. So an archive is only used when
#   - its stamp (deploy.jsa.ok) records its size and the java that made it, written only after
#     that JVM ended normally and the archive was moved into place whole;
#   - it is newer than the jar (a rebuilt jar gets a new archive at its next run);
# and the JVM checks its CRC (-XX:+VerifySharedSpaces) and its jar and JDK. Any archive it
# rejects it ignores, silently: the run goes on without it. DEPLOY_CDS=off runs without one.
# When the jar's folder cannot be written (an installation of root's), the archive goes into
# ${XDG_CACHE_HOME:-$HOME/.cache}/stagehand instead.

# deploy_launch JAVA HOME JAR ARGS...: runs the command and ends the script with its exit status.
deploy_launch() {
  _dl_java="$1"; _dl_home="$2"; _dl_jar="$3"; shift 3
  # The JVM says nothing about an archive it cannot use (its warnings would go to standard output).
  set -- -XX:+IgnoreUnrecognizedVMOptions -Xshare:auto '-Xlog:cds*=off' '-Xlog:class+path*=off' \
    -Ddeploy.home="$_dl_home" -jar "$_dl_jar" "$@"
  if [ "${DEPLOY_CDS:-on}" = off ]; then
    exec "$_dl_java" "$@"
  fi
  _dl_archive="${_dl_jar%.jar}.jsa"
  if [ ! -w "$(dirname "$_dl_jar")" ]; then
    _dl_archive="${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/stagehand/deploy-$(printf '%s' "$_dl_jar" | cksum | cut -d' ' -f1).jsa"
  fi
  _dl_stamp="$_dl_archive.ok"
  _dl_recorded=""
  if [ -f "$_dl_stamp" ] && [ -f "$_dl_archive" ] && [ "$_dl_archive" -nt "$_dl_jar" ]; then
    IFS= read -r _dl_recorded <"$_dl_stamp" || _dl_recorded=""
  fi
  if [ -n "$_dl_recorded" ] && [ "$_dl_recorded" = "$(($(wc -c <"$_dl_archive"))) $_dl_java" ]; then
    exec "$_dl_java" -XX:SharedArchiveFile="$_dl_archive" -XX:+VerifySharedSpaces "$@"
  fi
  # No usable archive: this run makes one, unless its folder cannot be made or written.
  if ! mkdir -p "$(dirname "$_dl_archive")" 2>/dev/null || [ ! -w "$(dirname "$_dl_archive")" ]; then
    exec "$_dl_java" "$@"
  fi
  _dl_made="$_dl_archive.$$.tmp"
  # Not exec'd, so that the archive can be checked and moved into place after the JVM ends: the
  # JVM runs as a child that keeps standard input, and a signal to this script is passed on to it.
  "$_dl_java" -XX:ArchiveClassesAtExit="$_dl_made" "$@" 0<&0 &
  _dl_pid=$!
  trap 'kill -TERM "$_dl_pid" 2>/dev/null || :' HUP INT TERM
  _dl_status=0
  wait "$_dl_pid" || _dl_status=$?
  # A signal ends the wait early; the JVM's own status comes when it has ended.
  while kill -0 "$_dl_pid" 2>/dev/null; do
    _dl_status=0
    wait "$_dl_pid" || _dl_status=$?
  done
  trap - HUP INT TERM
  # Only the archive of a JVM that ended by itself is whole (128 and above: killed by a signal).
  if [ "$_dl_status" -lt 128 ] && [ -s "$_dl_made" ] && rm -f "$_dl_stamp" \
      && mv -f "$_dl_made" "$_dl_archive"; then
    printf '%s %s\n' "$(($(wc -c <"$_dl_archive")))" "$_dl_java" >"$_dl_stamp.$$.tmp" \
      && mv -f "$_dl_stamp.$$.tmp" "$_dl_stamp" || :
  fi
  rm -f "$_dl_made" "$_dl_stamp.$$.tmp"
  exit "$_dl_status"
}
