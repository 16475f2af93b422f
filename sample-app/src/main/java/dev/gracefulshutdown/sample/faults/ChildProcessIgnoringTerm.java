package dev.gracefulshutdown.sample.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * A fault for the whole-process tests, off by default: a bean that starts a child process
 * which ignores {@code SIGTERM}, with a grandchild that ignores it too, and leaves both
 * running. Their PIDs are logged, so that a test can check that none outlives the JVM. On
 * with {@code sample.fault.child-ignores-term=true}.
 */
@Component
@ConditionalOnBooleanProperty("sample.fault.child-ignores-term")
class ChildProcessIgnoringTerm implements InitializingBean {

	/**
	 * The shell ignores TERM, and so does its background {@code sleep}, which inherits
	 * the ignored disposition; it prints the grandchild's PID, then waits for it.
	 */
	private static final String SCRIPT = "trap '' TERM; sleep 600 & echo $!; wait";

	private static final Log logger = LogFactory.getLog(ChildProcessIgnoringTerm.class);

	@Override
	public void afterPropertiesSet() throws IOException {
		Process child = new ProcessBuilder("sh", "-c", SCRIPT).redirectInput(ProcessBuilder.Redirect.PIPE)
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		child.getOutputStream().close();
		// The echo comes at once; end of stream if the shell failed.
		String grandchild = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))
			.readLine();
		if (grandchild == null) {
			throw new IllegalStateException("The child process ended without printing its child's PID");
		}
		logger.info("Started child process pid " + child.pid() + " and grandchild pid " + grandchild.trim()
				+ ", both ignoring TERM");
	}

}
