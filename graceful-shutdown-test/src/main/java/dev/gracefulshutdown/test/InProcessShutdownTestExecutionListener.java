package dev.gracefulshutdown.test;

import org.springframework.core.Ordered;
import org.springframework.test.annotation.DirtiesContext.HierarchyMode;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Takes a test's application context out of the test context cache when
 * {@link InProcessShutdown} has shut it down during the test: the shutdown closed it, and
 * the cache would otherwise hand the closed context to the listeners that run after the
 * test (Spring Framework 7 restarts a cached context that is not running, which fails on
 * a closed one). Registered in {@code META-INF/spring.factories}; does nothing for
 * contexts without an {@code InProcessShutdown}.
 * <p>
 * The last listener before a test and the first after it, so that the context is marked
 * dirty before any other listener asks for it.
 */
public final class InProcessShutdownTestExecutionListener implements TestExecutionListener, Ordered {

	private static final String ATTRIBUTE = InProcessShutdownTestExecutionListener.class.getName() + ".shutdown";

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void beforeTestExecution(TestContext testContext) {
		if (!testContext.hasApplicationContext()) {
			return;
		}
		InProcessShutdown shutdown = testContext.getApplicationContext()
			.getBeanProvider(InProcessShutdown.class)
			.getIfUnique();
		if (shutdown != null) {
			testContext.setAttribute(ATTRIBUTE, shutdown);
		}
	}

	@Override
	public void afterTestExecution(TestContext testContext) {
		if (testContext.removeAttribute(ATTRIBUTE) instanceof InProcessShutdown shutdown && shutdown.hasShutDown()) {
			testContext.markApplicationContextDirty(HierarchyMode.EXHAUSTIVE);
		}
	}

}
