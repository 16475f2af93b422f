package dev.gracefulshutdown.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.gracefulshutdown.actuate.CrossOriginCheck;
import dev.gracefulshutdown.actuate.GracefulShutdownEndpoint;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Configuration properties for {@link GracefulShutdownEndpoint}, next to Spring Boot's
 * own {@code management.endpoint.shutdown-graceful.access}.
 */
@ConfigurationProperties(GracefulShutdownEndpointProperties.PREFIX)
public class GracefulShutdownEndpointProperties {

	static final String PREFIX = "management.endpoint.shutdown-graceful";

	static final String TRUSTED_ORIGINS = PREFIX + ".trusted-origins";

	/**
	 * When to show details in the endpoint's responses: the detail text of a shutdown
	 * request, and in the last shutdown's report hook failures, stragglers and child
	 * process command lines. Hidden details read '******'.
	 */
	private Show showDetails = Show.NEVER;

	/**
	 * Roles used to determine whether a user is authorized to be shown details. When
	 * empty, all authenticated users are authorized.
	 */
	private final Set<String> roles = new LinkedHashSet<>();

	/**
	 * Origins (scheme://host[:port]) whose web pages may send a cross-origin POST to the
	 * endpoint from a browser. Cross-origin browser requests from other origins are
	 * refused with 403; requests without Sec-Fetch-Site and Origin headers (curl,
	 * scripts) are not affected.
	 */
	private final List<String> trustedOrigins = new ArrayList<>();

	public Show getShowDetails() {
		return this.showDetails;
	}

	public void setShowDetails(Show showDetails) {
		this.showDetails = showDetails;
	}

	public Set<String> getRoles() {
		return this.roles;
	}

	public List<String> getTrustedOrigins() {
		return this.trustedOrigins;
	}

	/**
	 * Return the check of where a {@code POST} comes from, with the trusted origins.
	 * @return the check
	 * @throws InvalidConfigurationPropertyValueException if a trusted origin is not
	 * {@code scheme://host[:port]}
	 */
	CrossOriginCheck crossOriginCheck() {
		for (String origin : this.trustedOrigins) {
			try {
				CrossOriginCheck.normalizeOrigin(origin);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationPropertyValueException(TRUSTED_ORIGINS, origin, ex.getMessage());
			}
		}
		return new CrossOriginCheck(this.trustedOrigins);
	}

}
