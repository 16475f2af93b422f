package dev.gracefulshutdown.sample;

import java.util.List;

import dev.gracefulshutdown.servers.servlet.ServletServerApplication;
import org.junit.jupiter.api.Order;

/**
 * The drain on Jetty: a servlet test application started from the test classpath, with
 * Tomcat's auto-configurations excluded so that Jetty is the server.
 */
@Order(5)
@WholeProcessTest
class JettyServerIT extends ServerDrainChecks {

	/**
	 * Tomcat's servlet web server, and its management context, which would otherwise
	 * define the management child context factory a second time.
	 */
	private static final String NOT_TOMCAT = "--spring.autoconfigure.exclude="
			+ "org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration,"
			+ "org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatServletManagementContextAutoConfiguration";

	@Override
	Class<?> applicationClass() {
		return ServletServerApplication.class;
	}

	@Override
	List<String> serverArguments() {
		return List.of(NOT_TOMCAT);
	}

	@Override
	String serverStartedLine() {
		return "Jetty started on port";
	}

	@Override
	String expectedStreamBody() {
		return "line 1\nline 2\nline 3\nline 4\nline 5\nline 6\n";
	}

}
