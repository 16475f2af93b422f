package dev.gracefulshutdown.sample;

import java.util.List;
import java.util.Map;

import dev.gracefulshutdown.actuate.GracefulShutdownEndpoint;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest.EndpointRequestMatcher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The {@code secured} profile ({@code --spring.profiles.active=secured}): Spring Security
 * guards the actuator on the management port with HTTP Basic. Only a user with the role
 * {@value #SHUTDOWN_ROLE} may {@code POST /actuator/shutdown-graceful}; any known user
 * may read the actuator; health stays open. The users come from
 * {@code sample.security.users} ({@code application-secured.yml}).
 * <p>
 * The chain matches the management port only: with a management server of its own,
 * {@link EndpointRequest} does not match requests to the application's port, which serves
 * as it does without the profile. Outside the profile, Spring Security's
 * auto-configuration is left out altogether ({@code application.yml}).
 */
@Configuration(proxyBeanMethods = false)
@Profile("secured")
@EnableConfigurationProperties(SecuredManagementConfiguration.SecurityUsers.class)
class SecuredManagementConfiguration {

	static final String SHUTDOWN_ROLE = "ACTUATOR";

	@Bean
	SecurityFilterChain managementSecurityFilterChain(HttpSecurity http) throws Exception {
		EndpointRequestMatcher shutdownEndpoint = EndpointRequest.to(GracefulShutdownEndpoint.class);
		return http.securityMatcher(EndpointRequest.toAnyEndpoint())
			.authorizeHttpRequests((requests) -> requests.requestMatchers(EndpointRequest.to(HealthEndpoint.class))
				.permitAll()
				.requestMatchers(shutdownEndpoint.withHttpMethod(HttpMethod.POST))
				.hasRole(SHUTDOWN_ROLE)
				.anyRequest()
				.authenticated())
			.httpBasic(Customizer.withDefaults())
			// Scripts and deployment tools send their credentials with every request:
			// no session, no cookie.
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			// They have no CSRF token to send either. A POST from a web page in the
			// operator's browser, which would send the browser's cached Basic
			// credentials, is refused by the starter's cross-origin check instead.
			.csrf((csrf) -> csrf.ignoringRequestMatchers(shutdownEndpoint))
			.build();
	}

	@Bean
	InMemoryUserDetailsManager sampleUsers(SecurityUsers properties) {
		List<UserDetails> users = properties.users()
			.entrySet()
			.stream()
			.map((entry) -> User.withUsername(entry.getKey())
				.password(storedPassword(entry.getValue().password()))
				.roles(entry.getValue().roles().toArray(String[]::new))
				.build())
			.toList();
		return new InMemoryUserDetailsManager(users);
	}

	/**
	 * Keep a password that names its encoding ({@code {bcrypt}$2a$10$...}); take any
	 * other as plain text, as Spring Boot does with
	 * {@code spring.security.user.password}.
	 */
	private static String storedPassword(String password) {
		return password.matches("^\\{.+}.*$") ? password : "{noop}" + password;
	}

	/**
	 * The users of the {@code secured} profile.
	 *
	 * @param users the users by name
	 */
	@ConfigurationProperties("sample.security")
	record SecurityUsers(@DefaultValue Map<String, UserProperties> users) {

	}

	/**
	 * One user.
	 *
	 * @param password the password: plain text, or encoded with its encoding's prefix
	 * ({@code {bcrypt}$2a$10$...})
	 * @param roles the roles, without the {@code ROLE_} prefix
	 */
	record UserProperties(String password, @DefaultValue List<String> roles) {

	}

}
