package dev.gracefulshutdown.sample.plainboot;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import dev.gracefulshutdown.GracefulShutdown;
import dev.gracefulshutdown.ShutdownHandle;
import dev.gracefulshutdown.ShutdownRequest;
import dev.gracefulshutdown.ShutdownStatus;

import org.springframework.stereotype.Component;

/**
 * Benchmark support only, never part of the sample app: with
 * {@code --graceful-shutdown.enabled=false} the starter registers no beans, but the
 * sample's {@code JobWorker} needs a {@code GracefulShutdown}, so the "plain Spring Boot"
 * variant would not start. The benchmark scripts compile this class and put it on the
 * plain variant's {@code loader.path}; it runs the worker's loop as it is, which is what
 * the loop would be without the starter.
 */
@Component
class PlainBootStandIn implements GracefulShutdown {

	@Override
	public ShutdownHandle requestShutdown(String reason) {
		throw new UnsupportedOperationException("plain Spring Boot: no graceful shutdown starter");
	}

	@Override
	public ShutdownHandle requestShutdown(String reason, int exitCode, List<String> finalMessages) {
		throw new UnsupportedOperationException("plain Spring Boot: no graceful shutdown starter");
	}

	@Override
	public ShutdownHandle requestShutdown(ShutdownRequest request) {
		throw new UnsupportedOperationException("plain Spring Boot: no graceful shutdown starter");
	}

	@Override
	public boolean isShuttingDown() {
		return false;
	}

	@Override
	public ShutdownStatus status() {
		throw new UnsupportedOperationException("plain Spring Boot: no graceful shutdown starter");
	}

	@Override
	public Runnable shutdownOnError(String name, Runnable work, Consumer<Throwable> onError) {
		return work;
	}

	@Override
	public <T> Callable<T> shutdownOnError(String name, Callable<T> work, Consumer<Throwable> onError) {
		return work;
	}

}
