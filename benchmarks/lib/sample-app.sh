# Sourced by the benchmark scripts: how to start the sample app as "starter" or as "plain".
#
# "plain" is plain Spring Boot: the same jar with --graceful-shutdown.enabled=false, so the
# starter's auto-configuration backs off entirely. The sample's JobWorker, however, needs a
# GracefulShutdown bean, and without one the sample does not start. Until the sample copes
# with that itself, the plain variant gets PlainBootStandIn (next to this file) on the
# launcher's loader.path: a component that runs the worker loop as it is. Both variants
# start through Spring Boot's PropertiesLauncher (the jar's own launcher, driven by
# loader.* properties), so they differ in that property and that one class only.
#
# needs: JAR, JAVA, WORK set by the caller; javac and unzip.

# prepare_sample: compile the stand-in once, into $WORK/plain-boot
prepare_sample() {
	local lib="$WORK/sample-lib" javac="${JAVA_HOME:+$JAVA_HOME/bin/}javac"
	mkdir -p "$lib" "$WORK/plain-boot"
	unzip -q -o -j "$JAR" 'BOOT-INF/lib/*.jar' -d "$lib"
	"$javac" -nowarn -proc:none -d "$WORK/plain-boot" -cp "$lib/*" \
		"$(dirname "${BASH_SOURCE[0]}")/PlainBootStandIn.java"
	rm -rf "$lib"
}

# sample_command VARIANT [app args...]: sets SAMPLE_CMD to the command line that starts it
sample_command() {
	local variant="$1" loader=()
	shift
	read -r -a java_opts <<< "${JAVA_OPTS:-}"
	if [ "$variant" = plain ]; then
		loader=(-Dloader.path="$WORK/plain-boot")
		set -- "$@" --graceful-shutdown.enabled=false
	fi
	SAMPLE_CMD=("$JAVA" "${java_opts[@]}" "${loader[@]}" -cp "$JAR"
		org.springframework.boot.loader.launch.PropertiesLauncher "$@")
}
