package dev.gracefulshutdown.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.json.JsonWriter;

/**
 * The body of a {@code 400} or {@code 403} from the endpoint and its request filters:
 * always with the message, whatever {@code server.error.include-message} says, because it
 * tells the caller what to fix.
 */
final class EndpointErrors {

	static final int BAD_REQUEST = WebEndpointResponse.STATUS_BAD_REQUEST;

	static final int FORBIDDEN = 403;

	private static final JsonWriter<Map<String, Object>> WRITER = JsonWriter.standard();

	private EndpointErrors() {
	}

	static WebEndpointResponse<Map<String, Object>> badRequest(String message) {
		return new WebEndpointResponse<>(body(BAD_REQUEST, message), BAD_REQUEST);
	}

	static Map<String, Object> body(int status, String message) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", status);
		body.put("error", (status == FORBIDDEN) ? "Forbidden" : "Bad Request");
		body.put("message", message);
		return body;
	}

	/**
	 * Return the body as JSON text, for the filters that answer before Spring Boot's
	 * actuator does.
	 * @param status {@link #BAD_REQUEST} or {@link #FORBIDDEN}
	 * @param message the message
	 * @return the JSON text
	 */
	static String json(int status, String message) {
		return WRITER.writeToString(body(status, message));
	}

}
