# Sourced by bin/deploy of the distribution and by ./deploy of the checkout (POSIX sh): runs
# deploy.jar with a class-data sharing archive of its classes (AppCDS, deploy.jsa beside the jar),
# which halves the start-up of a command. The first run that finds no usable archive (none yet,
# or one older than the jar) makes it first, with a quiet training run of the jar
# (dev.stagehand.cli.StartupTraining: the usage of every command, then validate, plan and install
# of a sample in a temporary folder), so that what it holds does not depend on which command came
# first. Sourced, not run: deploy_launch ends the script with the command's exit status.
#
# Java 17 maps the archive into memory and trusts what it maps: a truncated archive crashes the
# JVM and a damaged one can make it misbehave. So an archive is only used when
#   - its stamp (deploy.jsa.ok) records its size, the jar's and the java that made it, written after
#     that JVM ended by itself and the archive was moved into place whole;
#   - it is newer than the jar (a rebuilt jar gets a new archive at its next run);
# and the JVM checks its CRC (-XX:+VerifySharedSpaces), its jar and its JDK. An archive the JVM
# rejects it ignores, silently: the run goes on without it. DEPLOY_CDS=off runs without one.
# When the jar's folder cannot be written (an installation of root's), the archive goes into
# ${XDG_CACHE_HOME:-$HOME/.cache}/stagehand instead; when that cannot be either, there is none.

# deploy_launch JAVA HOME JAR ARGS...: runs the command; ends the script with its exit status.
deploy_launch() {
  _dl_java="$1"; _dl_home="$2"; _dl_jar="$3"; shift 3
  # Unquoted below: no word of them holds a space, and globbing is off for the '*'. The JVM says
  # nothing about an archive it cannot use (its warnings would go to standard output).
  set -f
  _dl_quiet='-XX:+IgnoreUnrecognizedVMOptions -Xshare:auto -Xlog:cds*=off -Xlog:class+path*=off'
  if [ "${DEPLOY_CDS:-on}" = off ]; then
    exec "$_dl_java" -Ddeploy.home="$_dl_home" -jar "$_dl_jar" "$@"
  fi
  _dl_archive="${_dl_jar%.jar}.jsa"
  if [ ! -w "$(dirname "$_dl_jar")" ]; then
    # The JVM trusts what an archive holds as it trusts the jar: only a folder of the user's own,
    # never a shared one such as /tmp, where another user could leave one.
    if [ -z "${XDG_CACHE_HOME:-}" ] && [ -z "${HOME:-}" ]; then
      exec "$_dl_java" -Ddeploy.home="$_dl_home" -jar "$_dl_jar" "$@"
    fi
    _dl_archive="${XDG_CACHE_HOME:-$HOME/.cache}/stagehand/deploy-$(printf '%s' "$_dl_jar" | cksum | cut -d' ' -f1).jsa"
  fi
  _dl_stamp="$_dl_archive.ok"
  _dl_recorded=""
  if [ -f "$_dl_stamp" ] && [ -f "$_dl_archive" ] && [ "$_dl_archive" -nt "$_dl_jar" ]; then
    IFS= read -r _dl_recorded <"$_dl_stamp" || _dl_recorded=""
  fi
  if [ -z "$_dl_recorded" ] || [ "$_dl_recorded" != "$(_dl_identity)" ]; then
    _dl_train
  fi
  if [ -n "$_dl_recorded" ]; then
    exec "$_dl_java" $_dl_quiet -XX:SharedArchiveFile="$_dl_archive" -XX:+VerifySharedSpaces \
      -Ddeploy.home="$_dl_home" -jar "$_dl_jar" "$@"
  fi
  exec "$_dl_java" -Ddeploy.home="$_dl_home" -jar "$_dl_jar" "$@"
}

# What the stamp records: the archive's size, the jar's (a jar put in place with an older time is
# still told apart) and the java that made it.
_dl_identity() {
  printf '%s %s %s' "$(($(wc -c <"$_dl_archive")))" "$(($(wc -c <"$_dl_jar")))" "$_dl_java"
}

# Makes the archive and its stamp (and sets _dl_recorded), or leaves none (and _dl_recorded empty).
_dl_train() {
  _dl_recorded=""
  if ! mkdir -p "$(dirname "$_dl_archive")" 2>/dev/null || [ ! -w "$(dirname "$_dl_archive")" ]; then
    return 0
  fi
  _dl_made="$_dl_archive.$$.tmp"
  trap 'rm -f "$_dl_made" "$_dl_stamp.$$.tmp"; exit 130' HUP INT TERM
  # The JVM writes the archive as it ends; exit status 0 says it ended by itself, so it is whole.
  if "$_dl_java" $_dl_quiet -XX:ArchiveClassesAtExit="$_dl_made" -cp "$_dl_jar" \
      dev.stagehand.cli.StartupTraining </dev/null >/dev/null 2>&1 && [ -s "$_dl_made" ] \
      && rm -f "$_dl_stamp" && mv -f "$_dl_made" "$_dl_archive"; then
    _dl_recorded="$(_dl_identity)"
    printf '%s\n' "$_dl_recorded" >"$_dl_stamp.$$.tmp" && mv -f "$_dl_stamp.$$.tmp" "$_dl_stamp" \
      || _dl_recorded=""
  fi
  rm -f "$_dl_made" "$_dl_stamp.$$.tmp"
  trap - HUP INT TERM
}
