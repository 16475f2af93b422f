package dev.gracefulshutdown.test;

import java.lang.reflect.AnnotatedElement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Starts the application of a {@link GracefulShutdownTest} for each test method that asks
 * for an {@link ApplicationProcess}, and kills it after the test if it is still alive.
 */
public final class GracefulShutdownExtension implements ParameterResolver, AfterEachCallback {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(GracefulShutdownExtension.class);

	private static final String JAVA_HOME_PROPERTY = "graceful-shutdown.test.java-home";

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == ApplicationProcess.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		GracefulShutdownTest test = findAnnotation(extensionContext.getRequiredTestMethod())
			.or(() -> findAnnotation(extensionContext.getRequiredTestClass()))
			.orElseThrow(() -> new ParameterResolutionException(
					"An ApplicationProcess parameter needs @GracefulShutdownTest(app = ...) on the test class or method"));
		ApplicationProcessBuilder builder = ApplicationProcess.builder(test.app())
			.name(extensionContext.getRequiredTestClass().getSimpleName() + "."
					+ extensionContext.getRequiredTestMethod().getName())
			.properties(test.properties())
			.jvmOptions(test.jvmOptions())
			.startupTimeout(Duration.ofSeconds(test.startupTimeoutSeconds()));
		String javaHome = !test.javaHome().isEmpty() ? test.javaHome() : System.getProperty(JAVA_HOME_PROPERTY, "");
		if (!javaHome.isBlank()) {
			builder.javaHome(Path.of(javaHome));
		}
		try {
			ApplicationProcess process = builder.start();
			extensionContext.getStore(NAMESPACE).put(ApplicationProcess.class, new Started(process));
			return process;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ParameterResolutionException("Interrupted while starting " + test.app().getName(), ex);
		}
		catch (java.io.IOException ex) {
			throw new ParameterResolutionException("Cannot start " + test.app().getName() + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public void afterEach(ExtensionContext context) {
		Started started = context.getStore(NAMESPACE).remove(ApplicationProcess.class, Started.class);
		if (started != null) {
			started.process().close();
		}
	}

	private static Optional<GracefulShutdownTest> findAnnotation(AnnotatedElement element) {
		return AnnotationSupport.findAnnotation(element, GracefulShutdownTest.class);
	}

	/**
	 * The process of a test, kept until the test is over; not {@link AutoCloseable}, so
	 * that only {@link #afterEach} closes it.
	 */
	private record Started(ApplicationProcess process) {

	}

}
