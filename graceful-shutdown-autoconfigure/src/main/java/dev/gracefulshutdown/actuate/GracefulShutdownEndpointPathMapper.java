package dev.gracefulshutdown.actuate;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMapper;

/**
 * Maps the endpoint to {@code shutdown-graceful} below the actuator base path. Spring
 * Boot asks its own mapper ({@code management.endpoints.web.path-mapping}) first, so a
 * user's mapping wins.
 */
public final class GracefulShutdownEndpointPathMapper implements PathMapper {

	@Override
	public @Nullable String getRootPath(EndpointId endpointId) {
		return GracefulShutdownEndpoint.ID.equals(endpointId.toLowerCaseString()) ? GracefulShutdownEndpoint.PATH
				: null;
	}

}
