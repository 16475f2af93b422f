package dev.gracefulshutdown.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * The main class of the processes {@link ApplicationProcess} starts, not for direct use:
 * runs the application's own {@code main} method and, once its {@link SpringApplication}
 * is ready, writes the process id and the ports the web servers listen on to a file the
 * test waits for. The application's code and configuration are left as they are: the
 * listener is given to the {@code SpringApplication} through
 * {@link SpringApplication#withHook}, for the one run of the main thread.
 * <p>
 * Arguments: the file to write, the application's main class, then the application's
 * arguments.
 */
public final class ShutdownTestLauncher {

	static final String PID = "pid";

	static final String PORT = "port";

	static final String MANAGEMENT_PORT = "management-port";

	private ShutdownTestLauncher() {
	}

	/**
	 * Run the application.
	 * @param args the file to write when ready, the main class, then the application's
	 * arguments
	 * @throws Throwable whatever the application's main method throws
	 */
	public static void main(String[] args) throws Throwable {
		if (args.length < 2) {
			throw new IllegalArgumentException("Usage: ShutdownTestLauncher <ready file> <main class> [arguments]");
		}
		Path readyFile = Path.of(args[0]);
		Method main = mainMethod(args[1]);
		String[] applicationArguments = Arrays.copyOfRange(args, 2, args.length);
		Throwable[] failure = new Throwable[1];
		SpringApplication.withHook((application) -> new ReadyFileWriter(readyFile), () -> {
			try {
				main.invoke(null, (Object) applicationArguments);
			}
			catch (InvocationTargetException ex) {
				failure[0] = ex.getCause();
			}
			catch (IllegalAccessException ex) {
				failure[0] = ex;
			}
		});
		if (failure[0] != null) {
			throw failure[0];
		}
	}

	private static Method mainMethod(String className) throws ClassNotFoundException, NoSuchMethodException {
		Class<?> type = Class.forName(className, false, Thread.currentThread().getContextClassLoader());
		Method main = type.getMethod("main", String[].class);
		if (!Modifier.isStatic(main.getModifiers())) {
			throw new NoSuchMethodException("The main method of " + className + " is not static");
		}
		main.setAccessible(true);
		return main;
	}

	/**
	 * Writes the file when the application is ready, atomically, so that the test never
	 * reads half of it.
	 */
	private static final class ReadyFileWriter implements SpringApplicationRunListener {

		private final Path file;

		ReadyFileWriter(Path file) {
			this.file = file;
		}

		@Override
		public void ready(ConfigurableApplicationContext context, @Nullable Duration timeTaken) {
			Environment environment = context.getEnvironment();
			String content = PID + "=" + ProcessHandle.current().pid() + "\n" + PORT + "="
					+ environment.getProperty("local.server.port", "-1") + "\n" + MANAGEMENT_PORT + "="
					+ environment.getProperty("local.management.port", "-1") + "\n";
			try {
				Path temporary = this.file.resolveSibling(this.file.getFileName() + ".tmp");
				Files.writeString(temporary, content, StandardCharsets.UTF_8);
				Files.move(temporary, this.file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot write " + this.file, ex);
			}
		}

	}

}
