# Sourced by the benchmark scripts: how to start the sample app as "starter" or as "plain".
#
# "plain" is plain Spring Boot: the same jar with --graceful-shutdown.enabled=false, so the
# starter's auto-configuration backs off entirely, and the sample's components that use the
# starter's API (the job worker, the outbox relay, the leased flush) are left out with it.
#
# needs: JAR and JAVA set by the caller.

# sample_command VARIANT [app args...]: sets SAMPLE_CMD to the command line that starts it
sample_command() {
	local variant="$1"
	shift
	read -r -a java_opts <<< "${JAVA_OPTS:-}"
	if [ "$variant" = plain ]; then
		set -- "$@" --graceful-shutdown.enabled=false
	fi
	SAMPLE_CMD=("$JAVA" "${java_opts[@]}" -jar "$JAR" "$@")
}
