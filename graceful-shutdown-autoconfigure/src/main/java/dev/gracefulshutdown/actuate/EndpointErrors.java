package dev.gracefulshutdown.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The body of a {@code 400} from the endpoint: always with the message, whatever
 * {@code server.error.include-message} says, because it tells the caller what to fix.
 */
final class EndpointErrors {

	static final int BAD_REQUEST = WebEndpointResponse.STATUS_BAD_REQUEST;

	private EndpointErrors() {
	}

	static WebEndpointResponse<Map<String, Object>> badRequest(String message) {
		return new WebEndpointResponse<>(body(message), BAD_REQUEST);
	}

	static Map<String, Object> body(String message) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", BAD_REQUEST);
		body.put("error", "Bad Request");
		body.put("message", message);
		return body;
	}

}
