package dev.gracefulshutdown.sample.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * A fault for the whole-process tests, off by default: a bean that starts a tree of
 * processes, the way {@code sh -c 'a; b'} does, whose grandchildren handle {@code TERM}
 * themselves, and leaves it running. The child, a shell with the default {@code TERM}
 * handling, starts two grandchildren:
 * <ul>
 * <li>{@code stubborn}, in the background: on {@code TERM} it writes its PID to
 * {@code stubborn.term} in the marker directory and goes on waiting for its own child, a
 * {@code sleep} that ignores {@code TERM};</li>
 * <li>{@code polite}, in the foreground ({@code a}): on {@code TERM} it writes its PID to
 * {@code polite.term} and exits; its {@code sleep} ends on {@code TERM}.</li>
 * </ul>
 * Should the child go on after {@code polite} ({@code b}), it writes {@code b.ran}. Every
 * process prints its role and PID, and the bean logs them in one line, so that a test can
 * check that none outlives the JVM. On with
 * {@code sample.fault.child-process-tree=<marker directory>}.
 */
@Component
@ConditionalOnProperty("sample.fault.child-process-tree")
class ChildProcessTree implements InitializingBean {

	private static final String CHILD = "echo \"child $$\"; sh -c \"$STUBBORN\" & sh -c \"$POLITE\"; "
			+ "echo ran > \"$MARKERS/b.ran\"";

	/**
	 * Waits for its sleep again after the trap: the loop ends once the sleep is gone, so
	 * that a shell whose sleep was killed first does not spin.
	 */
	private static final String STUBBORN = "trap 'echo $$ > \"$MARKERS/stubborn.term\"' TERM; echo \"stubborn $$\"; "
			+ "sh -c \"trap '' TERM; exec sleep 600\" & s=$!; echo \"stubborn-sleep $s\"; "
			+ "while kill -0 $s 2>/dev/null; do wait $s; done";

	private static final String POLITE = "trap 'echo $$ > \"$MARKERS/polite.term\"; exit 0' TERM; "
			+ "sleep 600 & echo \"polite-sleep $!\"; echo \"polite $$\"; wait";

	private static final List<String> ROLES = List.of("child", "stubborn", "stubborn-sleep", "polite", "polite-sleep");

	private static final Log logger = LogFactory.getLog(ChildProcessTree.class);

	private final Path markers;

	ChildProcessTree(@Value("${sample.fault.child-process-tree}") Path markers) {
		this.markers = markers.toAbsolutePath();
	}

	@Override
	public void afterPropertiesSet() throws IOException {
		ProcessBuilder builder = new ProcessBuilder("sh", "-c", CHILD).redirectError(ProcessBuilder.Redirect.INHERIT);
		builder.environment()
			.putAll(Map.of("MARKERS", this.markers.toString(), "STUBBORN", STUBBORN, "POLITE", POLITE));
		Process child = builder.start();
		child.getOutputStream().close();
		// Each prints its line once its TERM handling is in place.
		BufferedReader output = new BufferedReader(
				new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
		Map<String, String> pids = new TreeMap<>();
		while (!pids.keySet().containsAll(ROLES)) {
			String line = output.readLine();
			if (line == null) {
				throw new IllegalStateException("The process tree ended before all its processes started: " + pids);
			}
			String[] roleAndPid = line.trim().split(" ");
			pids.put(roleAndPid[0], roleAndPid[1]);
		}
		StringBuilder started = new StringBuilder("Started a process tree:");
		for (String role : ROLES) {
			started.append(' ').append(role).append(' ').append(pids.get(role));
		}
		logger.info(started);
	}

}
