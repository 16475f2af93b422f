package dev.gracefulshutdown.web.servlet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodParameter;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitterReturnValueHandler;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Lets the shutdown end the {@link SseEmitter}s that Spring MVC handlers return through
 * the emitter itself: a last comment {@code :shutdown}, then
 * {@link SseEmitter#complete()}. The emitter's lock orders both after an event the
 * application is sending, so the client never sees half an event, and the application's
 * {@code onCompletion} callbacks run as for any other end.
 * <p>
 * Wraps Spring MVC's {@link ResponseBodyEmitterReturnValueHandler} in every
 * {@link RequestMappingHandlerAdapter}: the wrapper leaves the ending action in the
 * request attribute {@link InFlightRequestFilter#STREAM_ENDER_ATTRIBUTE}, which the
 * {@link InFlightRequestFilter} registers with the open stream. Other event streams (a
 * {@code Flux} returned from a Spring MVC handler) are ended by completing the
 * asynchronous request.
 */
public final class SseEmitterEnding implements BeanPostProcessor {

	/**
	 * The comment sent as the last line of an event stream the shutdown ends.
	 */
	public static final String LAST_COMMENT = "shutdown";

	private static final Log logger = LogFactory.getLog(SseEmitterEnding.class);

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof RequestMappingHandlerAdapter adapter) {
			List<HandlerMethodReturnValueHandler> handlers = adapter.getReturnValueHandlers();
			if (handlers != null) {
				List<HandlerMethodReturnValueHandler> wrapped = new ArrayList<>(handlers.size());
				for (HandlerMethodReturnValueHandler handler : handlers) {
					wrapped.add((handler instanceof ResponseBodyEmitterReturnValueHandler emitters)
							? new EndingReturnValueHandler(emitters) : handler);
				}
				adapter.setReturnValueHandlers(wrapped);
			}
		}
		return bean;
	}

	/**
	 * End an emitter cleanly: the last comment, then its completion. A client that has
	 * gone is no reason not to complete it.
	 * @param emitter the emitter
	 */
	static void end(SseEmitter emitter) {
		try {
			emitter.send(SseEmitter.event().comment(LAST_COMMENT));
		}
		catch (IOException | IllegalStateException ex) {
			logger.debug("Could not send the last comment of an event stream", ex);
		}
		emitter.complete();
	}

	/**
	 * The emitters' handler, which also leaves how to end an {@link SseEmitter} in the
	 * request.
	 */
	static final class EndingReturnValueHandler implements HandlerMethodReturnValueHandler {

		private final ResponseBodyEmitterReturnValueHandler delegate;

		EndingReturnValueHandler(ResponseBodyEmitterReturnValueHandler delegate) {
			this.delegate = delegate;
		}

		@Override
		public boolean supportsReturnType(MethodParameter returnType) {
			return this.delegate.supportsReturnType(returnType);
		}

		@Override
		public void handleReturnValue(@Nullable Object returnValue, MethodParameter returnType,
				ModelAndViewContainer mavContainer, NativeWebRequest webRequest) throws Exception {
			Object body = (returnValue instanceof ResponseEntity<?> entity) ? entity.getBody() : returnValue;
			HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
			if (body instanceof SseEmitter emitter && request != null) {
				request.setAttribute(InFlightRequestFilter.STREAM_ENDER_ATTRIBUTE, (Runnable) () -> end(emitter));
			}
			this.delegate.handleReturnValue(returnValue, returnType, mavContainer, webRequest);
		}

	}

}
