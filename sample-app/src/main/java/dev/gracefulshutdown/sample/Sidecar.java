package dev.gracefulshutdown.sample;

import java.io.IOException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * A helper process the service starts next to itself, standing for a log shipper, a local
 * proxy or a metrics agent: a small shell script that waits, and stops cleanly on
 * {@code SIGTERM}. Off unless {@code sample.sidecar.enabled=true}.
 * <p>
 * Nothing in the service stops it. The starter does, after the last bean has been
 * destroyed: it sends {@code TERM} to every child process still running and to every
 * process those started, waits {@code graceful-shutdown.child-processes.timeout} for them
 * to exit, and kills those left. So the sidecar outlives everything in the application
 * that might still use it.
 */
@Component
@ConditionalOnBooleanProperty("sample.sidecar.enabled")
class Sidecar implements InitializingBean {

	/**
	 * Stops on TERM (taking its {@code sleep} with it). Ignores INT: a Ctrl-C in a
	 * terminal reaches the whole process group, and the sidecar leaves its stop to the
	 * starter, which stops it after the application. Exits on its own, within five
	 * seconds, when its parent is gone (a JVM killed with {@code -9}), so that it never
	 * lingers. Its {@code sleep} gets {@code TERM} from the starter too, which stops the
	 * whole tree: the {@code wait}s are quiet, or the shell may report the {@code sleep}
	 * as "Terminated". One line, so that the log lines that show its command stay one
	 * line each.
	 */
	private static final String SCRIPT = "trap '' INT; "
			+ "trap 'echo \"sidecar $$: TERM received, stopping\"; kill $sleeper 2>/dev/null; wait $sleeper 2>/dev/null; exit 0' TERM; "
			+ "echo \"sidecar $$: running\"; "
			+ "while kill -0 $PPID 2>/dev/null; do sleep 5 & sleeper=$!; wait $sleeper 2>/dev/null; done; "
			+ "echo \"sidecar $$: parent $PPID is gone, stopping\"";

	private static final Log logger = LogFactory.getLog(Sidecar.class);

	@Override
	public void afterPropertiesSet() throws IOException {
		// Its output goes where the service's goes, interleaved with the log.
		Process process = new ProcessBuilder("sh", "-c", SCRIPT).redirectOutput(ProcessBuilder.Redirect.INHERIT)
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		process.getOutputStream().close();
		logger.info("Sidecar started: pid " + process.pid());
	}

}
