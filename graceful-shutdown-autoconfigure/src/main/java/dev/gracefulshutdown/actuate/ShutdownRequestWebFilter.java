package dev.gracefulshutdown.actuate;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import dev.gracefulshutdown.actuate.ShutdownRequestChecks.Refusal;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Checks a {@code POST} to the endpoint before Spring Boot's actuator sees it, in a
 * WebFlux application, as {@link ShutdownRequestBodyFilter} does in a Spring MVC one: a
 * cross-origin {@code POST} from a browser gets a {@code 403}, every bad request a
 * {@code 400} that says what to fix, and a body-less {@code POST} is handed on as an
 * empty JSON object. Requests to other paths, and other methods, pass untouched.
 * Unordered, so it runs after Spring Security's filter (if any).
 */
public final class ShutdownRequestWebFilter implements WebFilter {

	private static final MediaType JSON_UTF_8 = new MediaType(MediaType.APPLICATION_JSON, StandardCharsets.UTF_8);

	private final String path;

	private final ShutdownRequestChecks checks;

	/**
	 * Create a filter.
	 * @param path the endpoint's path within the application, such as
	 * {@code /actuator/shutdown-graceful}
	 * @param crossOrigin the check of where a request comes from
	 */
	public ShutdownRequestWebFilter(String path, CrossOriginCheck crossOrigin) {
		this.path = path;
		this.checks = new ShutdownRequestChecks(crossOrigin);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (!HttpMethod.POST.equals(request.getMethod())
				|| !this.path.equals(request.getPath().pathWithinApplication().value())) {
			return chain.filter(exchange);
		}
		HttpHeaders headers = request.getHeaders();
		Refusal refusal = this.checks.checkBeforeBody(request.getPath().value(), request.getURI().getRawQuery(),
				headers.getFirst(CrossOriginCheck.SEC_FETCH_SITE), headers.getFirst(CrossOriginCheck.ORIGIN),
				headers.getFirst(CrossOriginCheck.HOST));
		if (refusal != null) {
			return refuse(exchange, refusal);
		}
		return readBounded(request).flatMap((body) -> {
			if (body.isEmpty()) {
				return refuse(exchange, ShutdownRequestChecks.TOO_LARGE);
			}
			Refusal bodyRefusal = ShutdownRequestChecks.checkBody(headers.getFirst(HttpHeaders.CONTENT_TYPE),
					body.get());
			if (bodyRefusal != null) {
				return refuse(exchange, bodyRefusal);
			}
			return chain.filter(exchange.mutate().request(jsonRequest(exchange, body.get())).build());
		});
	}

	/**
	 * Read the body, at most {@link ShutdownRequestChecks#MAX_BODY_BYTES} of it.
	 * @param request the request
	 * @return the body, empty if it is longer
	 */
	private static Mono<Optional<byte[]>> readBounded(ServerHttpRequest request) {
		return DataBufferUtils.join(request.getBody(), ShutdownRequestChecks.MAX_BODY_BYTES).map((buffer) -> {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			DataBufferUtils.release(buffer);
			return Optional.of(bytes);
		})
			.defaultIfEmpty(Optional.of(new byte[0]))
			.onErrorResume(DataBufferLimitException.class, (ex) -> Mono.just(Optional.empty()));
	}

	/**
	 * The request as Spring Boot's actuator gets it: the checked body (an empty JSON
	 * object for no body) as plain JSON, which it accepts whatever JSON type was sent.
	 */
	private static ServerHttpRequest jsonRequest(ServerWebExchange exchange, byte[] body) {
		byte[] handedOn = ShutdownRequestChecks.bodyToHandOn(body);
		ServerHttpRequest request = exchange.getRequest().mutate().headers((headers) -> {
			headers.setContentType(MediaType.APPLICATION_JSON);
			headers.remove(HttpHeaders.TRANSFER_ENCODING);
			headers.setContentLength(handedOn.length);
		}).build();
		return new ServerHttpRequestDecorator(request) {

			@Override
			public Flux<DataBuffer> getBody() {
				return Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(handedOn)));
			}

		};
	}

	private static Mono<Void> refuse(ServerWebExchange exchange, Refusal refusal) {
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(HttpStatusCode.valueOf(refusal.status()));
		response.getHeaders().setContentType(JSON_UTF_8);
		DataBuffer buffer = response.bufferFactory().wrap(refusal.json().getBytes(StandardCharsets.UTF_8));
		return response.writeWith(Mono.just(buffer));
	}

}
