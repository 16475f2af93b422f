package dev.gracefulshutdown.sample;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;

/**
 * One real RabbitMQ broker for all the whole-process tests of a run: Debian's
 * {@code rabbitmq-server} (which {@code .ci/run} installs when it is missing), started by
 * the first test that asks for it on 127.0.0.1 with ports, a data directory and an Erlang
 * port mapper ({@code epmd}) of its own, and stopped by PID, with the port mapper, when
 * the test JVM ends.
 */
final class RabbitBroker {

	/**
	 * The broker's start script; the {@code rabbitmq.server} system property names
	 * another.
	 */
	static final Path SERVER = Path.of(System.getProperty("rabbitmq.server", "/usr/lib/rabbitmq/bin/rabbitmq-server"));

	private static final Path PORT_MAPPER = Path.of("/usr/bin/epmd");

	/**
	 * The environment variable in which {@code .ci/run} names its background install.
	 */
	private static final String INSTALL_PID = "GRACEFUL_SHUTDOWN_INSTALL_PID";

	private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

	private static final Duration TAKE_TIMEOUT = Duration.ofSeconds(30);

	private static RabbitBroker shared;

	private final List<Process> processes;

	private final int port;

	private RabbitBroker(List<Process> processes, int port) {
		this.processes = processes;
		this.port = port;
	}

	/**
	 * Return the broker of this run, starting it on the first call.
	 * @param directory where its data and logs go
	 * @return the broker
	 * @throws Exception if it cannot be started
	 */
	static synchronized RabbitBroker shared(Path directory) throws Exception {
		if (shared == null || !shared.processes.stream().allMatch(Process::isAlive)) {
			shared = start(directory);
		}
		return shared;
	}

	private static RabbitBroker start(Path directory) throws Exception {
		awaitBackgroundInstall();
		if (!Files.isExecutable(SERVER) || !Files.isExecutable(PORT_MAPPER)) {
			throw new IllegalStateException("RabbitMQ is not installed (" + SERVER + ", " + PORT_MAPPER
					+ "): .ci/run installs it, or run 'apt-get install rabbitmq-server'");
		}
		Path base = Files.createDirectories(directory.resolve("rabbitmq"));
		int port = freePort();
		int distributionPort = freePort();
		int portMapperPort = freePort();
		// The broker starts a port mapper when none answers on its port, as a daemon
		// that outlives it: start it here, where its PID is known.
		Process portMapper = new ProcessBuilder(PORT_MAPPER.toString(), "-port", String.valueOf(portMapperPort),
				"-address", "127.0.0.1", "-d")
			.redirectErrorStream(true)
			.start();
		List<Process> processes = new ArrayList<>(List.of(portMapper));
		Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(processes), "rabbitmq-reaper"));
		await(portMapper, "epmd running", base.resolve("epmd.log"), "Erlang's port mapper");
		Files.writeString(base.resolve("rabbitmq.conf"),
				"listeners.tcp.default = 127.0.0.1:" + port + "\nloopback_users = none\n");
		ProcessBuilder server = new ProcessBuilder(SERVER.toString()).redirectErrorStream(true);
		Map<String, String> environment = server.environment();
		environment.put("HOME", base.toString());
		environment.put("RABBITMQ_NODENAME", "graceful-shutdown-" + port + "@localhost");
		environment.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
		environment.put("RABBITMQ_NODE_PORT", String.valueOf(port));
		environment.put("RABBITMQ_DIST_PORT", String.valueOf(distributionPort));
		environment.put("ERL_EPMD_PORT", String.valueOf(portMapperPort));
		environment.put("ERL_EPMD_ADDRESS", "127.0.0.1");
		environment.put("RABBITMQ_BASE", base.toString());
		environment.put("RABBITMQ_MNESIA_BASE", base.resolve("mnesia").toString());
		environment.put("RABBITMQ_LOG_BASE", base.resolve("log").toString());
		environment.put("RABBITMQ_CONFIG_FILE", base.resolve("rabbitmq").toString());
		environment.put("RABBITMQ_ENABLED_PLUGINS_FILE", base.resolve("enabled_plugins").toString());
		environment.put("RABBITMQ_PID_FILE", base.resolve("rabbitmq.pid").toString());
		environment.put("RABBITMQ_LOGS", "-");
		// One scheduler: the tests' load is light, and the machine's cores are for the
		// JVMs.
		environment.put("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "+S 1:1");
		Process broker = server.start();
		processes.add(broker);
		await(broker, "Server startup complete", base.resolve("rabbitmq.log"), "The RabbitMQ broker");
		return new RabbitBroker(processes, port);
	}

	/**
	 * Wait for the install that {@code .ci/run} runs in the background while the build
	 * compiles and runs the fast tests, when it runs one: it names its process in
	 * {@value #INSTALL_PID}.
	 */
	private static void awaitBackgroundInstall() throws Exception {
		String pid = System.getenv(INSTALL_PID);
		if (pid == null || pid.isBlank() || (Files.isExecutable(SERVER) && Files.isExecutable(PORT_MAPPER))) {
			return;
		}
		ProcessHandle install = ProcessHandle.of(Long.parseLong(pid.trim())).orElse(null);
		if (install != null) {
			try {
				install.onExit().get(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException ex) {
				throw new IllegalStateException("The install of RabbitMQ (process " + pid
						+ ", started by .ci/run) did not end within " + INSTALL_TIMEOUT, ex);
			}
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static void await(Process process, String line, Path log, String what) throws Exception {
		BufferedReader output = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		BufferedWriter writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
		CompletableFuture<Void> ready = new CompletableFuture<>();
		Thread reader = new Thread(() -> copy(output, writer, line, ready), log.getFileName() + "-output");
		reader.setDaemon(true);
		reader.start();
		try {
			ready.get(STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException(what + " did not start within " + STARTUP_TIMEOUT + ", see " + log, ex);
		}
	}

	private static void copy(BufferedReader output, BufferedWriter log, String readyLine,
			CompletableFuture<Void> ready) {
		try (output; log) {
			String line;
			while ((line = output.readLine()) != null) {
				log.write(line);
				log.newLine();
				log.flush();
				if (line.contains(readyLine)) {
					ready.complete(null);
				}
			}
			ready.completeExceptionally(new IllegalStateException("The output ended"));
		}
		catch (IOException ex) {
			ready.completeExceptionally(new UncheckedIOException(ex));
		}
	}

	/**
	 * Stop the broker and its port mapper, by PID: the broker's script and the Erlang VM
	 * it started with {@code TERM} (the VM stops cleanly on it), then the port mapper.
	 */
	private static void stop(List<Process> processes) {
		for (int i = processes.size() - 1; i >= 0; i--) {
			Process process = processes.get(i);
			List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
			tree.add(process.toHandle());
			tree.forEach(ProcessHandle::destroy);
			for (ProcessHandle handle : tree) {
				try {
					handle.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				catch (ExecutionException | TimeoutException ex) {
					handle.destroyForcibly();
				}
			}
		}
	}

	/**
	 * Declare a durable queue and publish the given persistent messages to it, in that
	 * order.
	 * @param queue the queue
	 * @param values the messages' bodies
	 * @throws Exception if the broker does not take them
	 */
	void send(String queue, List<String> values) throws Exception {
		try (Connection connection = connect(); Channel channel = connection.createChannel()) {
			channel.queueDeclare(queue, true, false, false, null);
			channel.confirmSelect();
			for (String value : values) {
				channel.basicPublish("", queue, MessageProperties.PERSISTENT_TEXT_PLAIN,
						value.getBytes(StandardCharsets.UTF_8));
			}
			channel.waitForConfirmsOrDie(STARTUP_TIMEOUT.toMillis());
		}
	}

	/**
	 * Consume what is left on a queue, acknowledging each message, as the next consumer
	 * would, until every one of the awaited messages has come or {@link #TAKE_TIMEOUT}
	 * has passed. Messages given back to a queue go back to their places in it, so a
	 * message given back with the awaited ones comes no later than they do.
	 * @param queue the queue
	 * @param awaited the bodies of the messages expected there
	 * @return the bodies, in the order the queue gave them
	 * @throws Exception if the broker cannot be reached
	 */
	List<String> takeTheRest(String queue, Collection<String> awaited) throws Exception {
		List<String> values = new CopyOnWriteArrayList<>();
		CountDownLatch all = new CountDownLatch(1);
		try (Connection connection = connect(); Channel channel = connection.createChannel()) {
			channel.basicConsume(queue, true, (tag, delivery) -> {
				values.add(new String(delivery.getBody(), StandardCharsets.UTF_8));
				if (values.containsAll(awaited)) {
					all.countDown();
				}
			}, (tag) -> {
			});
			all.await(TAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		return List.copyOf(values);
	}

	private Connection connect() throws Exception {
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost("127.0.0.1");
		factory.setPort(this.port);
		return factory.newConnection("graceful-shutdown-test");
	}

	/**
	 * Return the port of the broker's AMQP listener.
	 * @return the port
	 */
	int port() {
		return this.port;
	}

}
