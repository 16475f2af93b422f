package dev.gracefulshutdown.sample;

import java.util.List;

import dev.gracefulshutdown.servers.reactive.ReactiveServerApplication;
import org.junit.jupiter.api.Order;

/**
 * The drain on Reactor Netty: a WebFlux test application started from the test classpath
 * as a reactive application, with the Tomcat and Jetty reactive auto-configurations
 * excluded so that Netty is the server.
 */
@WholeProcessTest
@Order(6)
class ReactorNettyServerIT extends ServerDrainChecks {

	private static final String NETTY_ONLY = "--spring.autoconfigure.exclude="
			+ "org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration,"
			+ "org.springframework.boot.jetty.autoconfigure.reactive.JettyReactiveWebServerAutoConfiguration,"
			+ "org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatReactiveManagementContextAutoConfiguration,"
			+ "org.springframework.boot.jetty.autoconfigure.actuate.web.server.JettyReactiveManagementContextAutoConfiguration";

	@Override
	Class<?> applicationClass() {
		return ReactiveServerApplication.class;
	}

	@Override
	List<String> serverArguments() {
		return List.of("--spring.main.web-application-type=reactive", NETTY_ONLY);
	}

	@Override
	String serverStartedLine() {
		return "Netty started on port";
	}

	@Override
	String expectedStreamBody() {
		StringBuilder body = new StringBuilder();
		for (int i = 1; i <= 6; i++) {
			body.append("{\"line\":").append(i).append("}\n");
		}
		return body.toString();
	}

}
