package dev.gracefulshutdown.sample.faults;

import dev.gracefulshutdown.OnShutdown;
import dev.gracefulshutdown.ShutdownHook;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A case for the whole-process tests, off by default: two beans with shutdown hooks, one
 * depending on the other. The writer flushes its buffer into the store on shutdown, so
 * its hook must run before the store closes, although the writer's {@code order} is the
 * higher one. On with {@code sample.fault.dependent-hooks=true}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("sample.fault.dependent-hooks")
class DependentShutdownHooks {

	private static final Log logger = LogFactory.getLog(DependentShutdownHooks.class);

	@Bean
	AuditStore auditStore() {
		return new AuditStore();
	}

	@Bean
	AuditWriter auditWriter(AuditStore auditStore) {
		return new AuditWriter(auditStore);
	}

	/**
	 * Where the audit records end up; a {@link ShutdownHook} bean that closes it.
	 */
	static final class AuditStore implements ShutdownHook {

		private volatile boolean closed;

		void write(String record) {
			if (this.closed) {
				throw new IllegalStateException("audit store closed; lost: " + record);
			}
			logger.info("AuditStore wrote: " + record);
		}

		@Override
		public void onShutdown() {
			this.closed = true;
			logger.info("AuditStore closed");
		}

		@Override
		public int order() {
			return 0;
		}

	}

	/**
	 * Buffers audit records for the store; an {@link OnShutdown} method flushes them.
	 */
	static final class AuditWriter {

		private final AuditStore store;

		AuditWriter(AuditStore store) {
			this.store = store;
		}

		@OnShutdown(order = 10)
		void flush() {
			logger.info("AuditWriter flushing");
			this.store.write("last buffered record");
		}

	}

}
