package dev.gracefulshutdown.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gracefulshutdown.GracefulShutdown;
import dev.gracefulshutdown.OnShutdown;
import dev.gracefulshutdown.ShutdownReason;
import dev.gracefulshutdown.ShutdownRequest;
import dev.gracefulshutdown.ShutdownStage;
import dev.gracefulshutdown.actuate.CrossOriginCheck;
import dev.gracefulshutdown.actuate.ShutdownRequestBodyFilter;
import dev.gracefulshutdown.autoconfigure.GracefulShutdownAutoConfiguration;
import dev.gracefulshutdown.core.ProcessExit;
import dev.gracefulshutdown.core.internal.InFlightTracker;
import dev.gracefulshutdown.core.internal.ShutdownCoordinator;
import dev.gracefulshutdown.docs.LogMessageTemplates.Template;
import dev.gracefulshutdown.docs.QuotedLogLines.QuotedEvent;
import dev.gracefulshutdown.docs.QuotedLogLines.QuotedLine;
import dev.gracefulshutdown.testsupport.RecordingProcessExit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Keeps the log lines quoted in {@code README.md} and {@code docs/*.md} true: every line
 * of a {@code log} block that a logger of the starter wrote must be one the code can
 * still write. A line passes when it matches a message of the starter's source
 * ({@link LogMessageTemplates}), or a line that the code wrote for real here, in a few
 * shutdowns run in this JVM (the summary table, the phases line, hang reports and others
 * whose text is assembled away from the log call). Times, ids, numbers, class names and
 * quoted names are not compared; {@code ...} in a quoted line stands for text left out. A
 * line that matches nothing fails the test, naming the file, the line, the closest format
 * string of the code and the closest line written here.
 */
class LogLinesDocumentationTests {

	private static final Duration UPPER_BOUND = Duration.ofSeconds(10);

	/**
	 * A template counts as a match only when its fixed text is at least this share of the
	 * quoted message: {@code "Shutdown budget: " + reason} would match any text after
	 * those words.
	 */
	private static final double MINIMUM_FIXED_SHARE = 0.15;

	/**
	 * An inline quote ({@code `Graceful shutdown started`}) is taken for a quote of a log
	 * message when it starts with this many characters of one. Fewer, and
	 * {@code Shutdown phase } would take Spring's own message for the starter's.
	 */
	private static final int INLINE_RECOGNIZED = 16;

	private static final String STARTER_PACKAGE = "dev.gracefulshutdown";

	private static final Pattern UUID = Pattern
		.compile("\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b");

	private static final Pattern SHORTENED_ID = Pattern.compile("\\b[0-9a-f]{4,}[0-9a-f-]*(?:\\.\\.\\.|…)");

	private static final Pattern CLASS_NAME = Pattern.compile("\\b[a-z][\\w]*(?:\\.[a-z_][\\w]*)+\\.[A-Z][\\w$]*");

	private static final Pattern QUOTED_NAME = Pattern.compile("(?<!\\w)'[^']*'(?!\\w)");

	private static final Pattern NUMBER = Pattern.compile("-?\\d+");

	private static List<ILoggingEvent> produced = List.of();

	private static @Nullable LogMessageTemplates messages;

	@BeforeAll
	static void produceLogLines(@TempDir Path temp) throws Exception {
		messages = LogMessageTemplates.read(mainSources());
		Logger logger = (Logger) LoggerFactory.getLogger(STARTER_PACKAGE);
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
		try {
			completedShutdown(temp.resolve("shutdown-report.json"));
			deadlinePassed();
			repeatedSignalDuringTheDrain();
			workerFailed();
			startupOnKubernetes();
			crossSitePostRefused();
		}
		finally {
			logger.detachAppender(appender);
			appender.stop();
			endStarterThreads(before);
		}
		produced = List.copyOf(appender.list);
	}

	@AfterAll
	static void forget() {
		produced = List.of();
		messages = null;
	}

	@Test
	void everyQuotedLogLineOfTheStarterCanBeWrittenByTheCode() {
		Path docs = docsDirectory();
		LogMessageTemplates code = templates();
		List<QuotedEvent> quoted = QuotedLogLines.read(docs.getParent(), QuotedLogLines.markdownFiles(docs));
		assertThat(quoted).as("log lines quoted in log blocks").hasSizeGreaterThan(50);
		List<String> problems = new ArrayList<>();
		int checked = 0;
		for (QuotedEvent event : quoted) {
			String category = category(event, code, problems);
			if (category == null) {
				continue;
			}
			checked++;
			String problem = checkFirstLine(event, category, code, docs.getParent());
			if (problem != null) {
				problems.add(problem);
			}
			for (QuotedLine line : event.continuation()) {
				if (!QuotedLogLines.isStackLine(line.text()) && !producedContinuation(category, line.text())) {
					problems.add(line + "\n    no line that " + simpleName(category)
							+ " writes below a message looks like it; closest written here: "
							+ closest(line.text(), producedContinuations(category), Function.identity())
								.orElse("none"));
				}
			}
		}
		assertThat(checked).as("quoted log lines of the starter").isGreaterThan(40);
		assertThat(problems).as("quoted log lines that the code cannot write").isEmpty();
	}

	@Test
	void logLinesAreQuotedOnlyInLogBlocks() {
		Path docs = docsDirectory();
		assertThat(QuotedLogLines.headersOutsideLogBlocks(docs.getParent(), QuotedLogLines.markdownFiles(docs)))
			.as("log lines outside a ```log block, where nothing checks them")
			.isEmpty();
	}

	@Test
	void inlineQuotesOfLogMessagesMatchTheCode() {
		Path docs = docsDirectory();
		LogMessageTemplates code = templates();
		List<String> written = produced.stream()
			.map((event) -> normalize(firstLine(event.getFormattedMessage())))
			.distinct()
			.toList();
		List<String> problems = new ArrayList<>();
		int checked = 0;
		for (QuotedLine quote : QuotedLogLines.inlineQuotes(docs.getParent(), QuotedLogLines.markdownFiles(docs))) {
			// <id>, <n>: placeholders; and a quote may stop anywhere.
			String text = quote.text().replaceAll("<[^>]+>", "...");
			String glob = Globs.ofQuote(text) + LogMessageTemplates.ANY;
			String normalized = Globs.ofQuote(normalize(text)) + LogMessageTemplates.ANY;
			// Only the messages it starts like: one that starts with a variable part
			// would take any quote that may stop anywhere.
			List<Template> templates = code.templates()
				.stream()
				.filter((template) -> template.globs().stream().anyMatch((candidate) -> sharesText(glob, candidate)))
				.toList();
			List<String> lines = written.stream().filter((line) -> sharesText(normalized, line)).toList();
			if (templates.isEmpty() && lines.isEmpty()) {
				continue;
			}
			checked++;
			boolean matches = templates.stream()
				.flatMap((template) -> template.globs().stream())
				.anyMatch((candidate) -> Globs.quotes(glob, candidate))
					|| lines.stream().anyMatch((line) -> Globs.quotesLine(normalized, line));
			if (!matches) {
				problems.add(quote + "\n    starts like a log message of the starter but matches none."
						+ "\n    Closest format string in the code: "
						+ closest(quote.text(), templates.isEmpty() ? code.templates() : templates, Template::display)
							.orElse("none")
						+ "\n    Closest line the code wrote here: "
						+ closest(quote.text(), lines.isEmpty() ? written : lines, Function.identity()).orElse("none"));
			}
		}
		assertThat(checked).as("inline quotes of log messages").isGreaterThan(20);
		assertThat(problems).as("inline quotes of log messages that the code cannot write").isEmpty();
	}

	private static LogMessageTemplates templates() {
		LogMessageTemplates read = messages;
		assertThat(read).as("messages read from the source").isNotNull();
		return read;
	}

	/**
	 * Return whether a quote starts like a message, enough to be taken for a quote of it.
	 * A placeholder of {@link #normalize} ({@code <n>}) is not text they share.
	 */
	private static boolean sharesText(String quote, String message) {
		String lead = Globs.lead(quote);
		int placeholder = lead.indexOf('<');
		lead = (placeholder < 0) ? lead : lead.substring(0, placeholder);
		int common = 0;
		while (common < lead.length() && common < message.length() && lead.charAt(common) == message.charAt(common)) {
			common++;
		}
		return common >= INLINE_RECOGNIZED;
	}

	/**
	 * Return the category of the starter that a quoted event is from, {@code null} for
	 * another logger's (the application's, the web server's).
	 */
	private static @Nullable String category(QuotedEvent event, LogMessageTemplates code, List<String> problems) {
		String logger = event.logger();
		if (logger == null) {
			return "";
		}
		String[] parts = logger.split("\\.");
		if (!parts[0].equals("d") && !parts[0].equals("dev")) {
			return null;
		}
		List<String> matches = code.classNames()
			.stream()
			.filter((name) -> abbreviates(parts, name.split("\\.")))
			.toList();
		if (matches.size() == 1) {
			return matches.get(0);
		}
		if (matches.isEmpty()
				&& (logger.contains(".sample.") || !logger.matches("d(ev)?\\.g(racefulshutdown)?\\..*"))) {
			// The sample application's loggers.
			return null;
		}
		problems.add(event.first() + "\n    logger " + logger + " is " + (matches.isEmpty() ? "no class" : matches)
				+ " of the starter");
		return null;
	}

	private static boolean abbreviates(String[] abbreviated, String[] name) {
		if (abbreviated.length != name.length || !abbreviated[name.length - 1].equals(name[name.length - 1])) {
			return false;
		}
		for (int i = 0; i < name.length - 1; i++) {
			if (!name[i].startsWith(abbreviated[i])) {
				return false;
			}
		}
		return true;
	}

	private static @Nullable String checkFirstLine(QuotedEvent event, String category, LogMessageTemplates code,
			Path root) {
		String message = event.message();
		List<Template> candidates = code.templates()
			.stream()
			.filter((template) -> category.isEmpty() || template.category().equals(category))
			.filter((template) -> event.level() == null || template.level().equals(event.level()))
			.toList();
		for (Template template : candidates) {
			if (matches(template, message)) {
				return null;
			}
		}
		for (ILoggingEvent written : produced) {
			if ((category.isEmpty() || written.getLoggerName().equals(category))
					&& (event.level() == null || written.getLevel().toString().equals(event.level()))
					&& sameLine(message, firstLine(written.getFormattedMessage()))) {
				return null;
			}
		}
		if (category.endsWith(".ShutdownCoordinator") && finalMessageOfTheExample(event, root)) {
			return null;
		}
		List<Template> sameLogger = code.templates()
			.stream()
			.filter((template) -> category.isEmpty() || template.category().equals(category))
			.toList();
		List<String> writtenHere = produced.stream()
			.filter((written) -> category.isEmpty() || written.getLoggerName().equals(category))
			.filter((written) -> event.level() == null || written.getLevel().toString().equals(event.level()))
			.map((written) -> written.getLevel() + " " + firstLine(written.getFormattedMessage()))
			.distinct()
			.toList();
		return event.first() + "\n    no message of " + (category.isEmpty() ? "the starter" : simpleName(category))
				+ " at " + ((event.level() != null) ? event.level() : "any level")
				+ " matches it.\n    Closest format string in the code: "
				+ closest(message, sameLogger.isEmpty() ? code.templates() : sameLogger, Template::display)
					.orElse("none")
				+ "\n    Closest line the code wrote here: "
				+ closest(message, writtenHere, Function.identity()).orElse("none");
	}

	/**
	 * A final message is the application's text ({@code ShutdownRequest}'s
	 * {@code finalMessages}): it is true when the doc's own example passes it.
	 */
	private static boolean finalMessageOfTheExample(QuotedEvent event, Path root) {
		try {
			String doc = Files.readString(root.resolve(event.first().file()));
			return "INFO".equals(event.level()) && doc.contains("\"" + event.message() + "\"");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return whether the message matches the template: its fixed text, with anything in
	 * place of its variable parts and of the text the quote left out.
	 */
	private static boolean matches(Template template, String message) {
		String quote = Globs.ofQuote(message);
		return template.fixedCharacters() >= MINIMUM_FIXED_SHARE * message.length()
				&& template.globs().stream().anyMatch((glob) -> Globs.quotes(quote, glob));
	}

	private static boolean producedContinuation(String category, String line) {
		return producedContinuations(category).stream().anyMatch((written) -> sameLine(line, written));
	}

	private static List<String> producedContinuations(String category) {
		return produced.stream()
			.filter((event) -> category.isEmpty() || event.getLoggerName().equals(category))
			.flatMap((event) -> event.getFormattedMessage().lines().skip(1))
			.distinct()
			.toList();
	}

	/**
	 * Return whether a quoted line is a line the code wrote, but for the variable parts.
	 */
	private static boolean sameLine(String quoted, String written) {
		return Globs.quotesLine(Globs.ofQuote(normalize(quoted)), normalize(written));
	}

	static String normalize(String line) {
		String result = UUID.matcher(line).replaceAll("<id>");
		result = SHORTENED_ID.matcher(result).replaceAll("<id>");
		result = CLASS_NAME.matcher(result).replaceAll("<class>");
		result = QUOTED_NAME.matcher(result).replaceAll("'<name>'");
		result = NUMBER.matcher(result).replaceAll("<n>");
		return result.replaceAll("\\s+", " ").trim();
	}

	private static String firstLine(String message) {
		int lineBreak = message.indexOf('\n');
		return (lineBreak < 0) ? message : message.substring(0, lineBreak);
	}

	private static <T> Optional<String> closest(String line, List<T> candidates, Function<T, String> text) {
		return candidates.stream()
			.min(Comparator
				.comparingDouble((T candidate) -> distance(normalize(line), normalize(text.apply(candidate)))))
			.map((candidate) -> (candidate instanceof Template template) ? template.toString()
					: "\"" + text.apply(candidate) + "\"");
	}

	/**
	 * Return the edit distance of two texts, as a share of the longer one's length, so
	 * that a short text is not the closest to everything.
	 */
	private static double distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()] / (double) Math.max(1, Math.max(a.length(), b.length()));
	}

	private static String simpleName(String className) {
		return className.substring(className.lastIndexOf('.') + 1);
	}

	private static Path docsDirectory() {
		String configured = System.getProperty("docs.directory");
		return ((configured != null) ? Path.of(configured) : Path.of("..", "docs")).toAbsolutePath().normalize();
	}

	private static Path mainSources() {
		return Path.of("src", "main", "java").toAbsolutePath();
	}

	// The shutdowns that write the lines whose text is assembled away from the log call.

	private static ApplicationContextRunner contextRunner(RecordingProcessExit processExit) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class))
			.withPropertyValues("graceful-shutdown.signals.enabled=false")
			.withBean(ProcessExit.class, () -> processExit);
	}

	/**
	 * A shutdown by SIGTERM that completes, with the phases of the sample application (a
	 * web server and a management server, a worker, the executors, logging) and a release
	 * hook: the lines of {@code README.md}, {@code report.md} and {@code drain.md}.
	 */
	private static void completedShutdown(Path reportFile) {
		RecordingProcessExit processExit = new RecordingProcessExit();
		contextRunner(processExit).withPropertyValues("graceful-shutdown.report.file=" + reportFile)
			.withBean("webServerGracefulShutdown", PhasedLifecycle.class,
					() -> new PhasedLifecycle(Integer.MAX_VALUE - 1024))
			.withBean("childManagementContextInitializer", PhasedLifecycle.class,
					() -> new PhasedLifecycle(Integer.MAX_VALUE - 1024 - 512))
			.withBean("webServerStartStop", PhasedLifecycle.class, () -> new PhasedLifecycle(Integer.MAX_VALUE - 2048))
			.withBean("jobWorker", PhasedLifecycle.class, () -> new PhasedLifecycle(Integer.MAX_VALUE - 2049))
			.withBean("springBootLoggingLifecycle", PhasedLifecycle.class,
					() -> new PhasedLifecycle(Integer.MIN_VALUE + 1))
			.withBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class)
			.withBean("auditLog", AuditLog.class)
			.run((context) -> {
				context.getBean(ShutdownCoordinator.class)
					.requestProcessShutdown(ShutdownRequest.now(ShutdownReason.SIGNAL, "SIGTERM"));
				assertThat(processExit.exited.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			});
	}

	/**
	 * A shutdown whose deadline passes while a bean's {@code stop()} hangs: the hang
	 * report of {@code deadline-and-hang-report.md}.
	 */
	private static void deadlinePassed() throws InterruptedException {
		RecordingProcessExit processExit = new RecordingProcessExit();
		StuckOnStopLifecycle stuck = new StuckOnStopLifecycle();
		try {
			contextRunner(processExit).withPropertyValues("graceful-shutdown.deadline=1s")
				.withBean("stuckOnStopLifecycle", StuckOnStopLifecycle.class, () -> stuck)
				.run((context) -> {
					context.getBean(ShutdownCoordinator.class)
						.requestProcessShutdown(ShutdownRequest.now(ShutdownReason.SIGNAL, "SIGTERM"));
					assertThat(processExit.halted.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
					stuck.release.countDown();
					assertThat(context.getBean(ShutdownCoordinator.class).awaitCompletion(UPPER_BOUND)).isTrue();
				});
		}
		finally {
			stuck.release.countDown();
		}
	}

	/**
	 * SIGINT again while a request is in flight in the drain: the escalation of
	 * {@code signals.md}.
	 */
	private static void repeatedSignalDuringTheDrain() {
		RecordingProcessExit processExit = new RecordingProcessExit();
		contextRunner(processExit).run((context) -> {
			InFlightTracker inFlight = context.getBean(InFlightTracker.class);
			ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
			inFlight.started();
			try {
				coordinator.requestProcessShutdown(ShutdownRequest.now(ShutdownReason.SIGNAL, "SIGINT"));
				// The drain's stage, not the announce's, which starts the drain too.
				await().atMost(UPPER_BOUND).until(() -> coordinator.status().stage() == ShutdownStage.DRAIN);
				coordinator.repeatedSignal("SIGINT");
				assertThat(processExit.halts).hasSize(1);
			}
			finally {
				inFlight.finished();
			}
			assertThat(coordinator.awaitCompletion(UPPER_BOUND)).isTrue();
		});
	}

	/**
	 * A worker that fails: the lines of {@code api.md}.
	 */
	private static void workerFailed() {
		RecordingProcessExit processExit = new RecordingProcessExit();
		contextRunner(processExit).run((context) -> {
			context.getBean(GracefulShutdown.class).shutdownOnError("job-worker", () -> {
				throw new IllegalStateException("poison job");
			}).run();
			assertThat(processExit.exited.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		});
	}

	/**
	 * Startups on Kubernetes: the cloud drain's line of {@code getting-started.md} and
	 * the budget warnings of {@code getting-started.md} and {@code phases-and-hooks.md}.
	 */
	private static void startupOnKubernetes() {
		RecordingProcessExit processExit = new RecordingProcessExit();
		contextRunner(processExit)
			.withPropertyValues("spring.main.cloud-platform=kubernetes", "graceful-shutdown.deadline=30s")
			.run((context) -> assertThat(context).hasNotFailed());
		contextRunner(processExit)
			.withPropertyValues("graceful-shutdown.phases.timeout=10s",
					"graceful-shutdown.child-processes.enabled=true", "graceful-shutdown.child-processes.timeout=3s")
			.withBean("defaultPhase", PhasedLifecycle.class, () -> new PhasedLifecycle(Integer.MAX_VALUE))
			.withBean("webServerGracefulShutdown", PhasedLifecycle.class,
					() -> new PhasedLifecycle(Integer.MAX_VALUE - 1024))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	/**
	 * A POST from another site to the endpoint: the warning of {@code endpoint.md}.
	 */
	private static void crossSitePostRefused() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/actuator/shutdown-graceful");
		request.addHeader("Sec-Fetch-Site", "cross-site");
		request.addHeader("Origin", "http://evil.example");
		MockHttpServletResponse response = new MockHttpServletResponse();
		new ShutdownRequestBodyFilter(new CrossOriginCheck(List.of())).doFilter(request, response,
				new MockFilterChain());
		assertThat(response.getStatus()).isEqualTo(403);
	}

	/**
	 * A real exit ends the watchdogs and the sequence threads; the recording one leaves
	 * them to be ended here, so that none fires into the tests that follow. Only the
	 * threads these runs started.
	 */
	private static void endStarterThreads(Set<Thread> before) throws InterruptedException {
		Set<String> names = Set.of("graceful-shutdown", "graceful-shutdown-watchdog", "graceful-shutdown-backstop");
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (!before.contains(thread) && names.contains(thread.getName()) && thread.isAlive()) {
				if (!thread.getName().equals("graceful-shutdown")) {
					thread.interrupt();
				}
				thread.join(UPPER_BOUND.toMillis());
			}
		}
	}

	static class PhasedLifecycle implements SmartLifecycle {

		private final int phase;

		private volatile boolean running;

		PhasedLifecycle(int phase) {
			this.phase = phase;
		}

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public int getPhase() {
			return this.phase;
		}

	}

	static class StuckOnStopLifecycle implements SmartLifecycle {

		final CountDownLatch release = new CountDownLatch(1);

		private volatile boolean running;

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			try {
				this.release.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

	}

	static class AuditLog {

		@OnShutdown(stage = ShutdownStage.RELEASE)
		void close() {
		}

	}

}
