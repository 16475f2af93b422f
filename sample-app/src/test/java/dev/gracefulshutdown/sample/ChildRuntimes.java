package dev.gracefulshutdown.sample;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContext;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContextProvider;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * Runs a {@link WholeProcessTest} class once per {@link ChildRuntime#configured()
 * configured runtime}, with that runtime {@link ChildRuntime#current() current} on the
 * thread of each of its tests. On the Spring Boot 4.0 runtime only the tests marked
 * {@link AlsoOnSpringBoot40} run (the others are reported as skipped), and only classes
 * that have one run there at all.
 */
class ChildRuntimes implements ClassTemplateInvocationContextProvider {

	@Override
	public boolean supportsClassTemplate(ExtensionContext context) {
		return true;
	}

	@Override
	public Stream<ClassTemplateInvocationContext> provideClassTemplateInvocationContexts(ExtensionContext context) {
		boolean hasSpringBoot40Tests = AnnotationSupport
			.findAnnotatedMethods(context.getRequiredTestClass(), AlsoOnSpringBoot40.class,
					HierarchyTraversalMode.TOP_DOWN)
			.stream()
			.findAny()
			.isPresent();
		return ChildRuntime.configured()
			.stream()
			.filter((runtime) -> !runtime.springBoot40() || hasSpringBoot40Tests)
			.map(Invocation::new);
	}

	private record Invocation(ChildRuntime runtime) implements ClassTemplateInvocationContext {

		@Override
		public String getDisplayName(int invocationIndex) {
			return "[" + this.runtime + "]";
		}

		@Override
		public List<Extension> getAdditionalExtensions() {
			return List.of(new OnTestThread(this.runtime));
		}

	}

	private record OnTestThread(
			ChildRuntime runtime) implements BeforeEachCallback, AfterEachCallback, ExecutionCondition {

		@Override
		public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
			if (!this.runtime.springBoot40() || context.getTestMethod().isEmpty()
					|| AnnotationSupport.isAnnotated(context.getTestMethod(), AlsoOnSpringBoot40.class)) {
				return ConditionEvaluationResult.enabled(null);
			}
			return ConditionEvaluationResult.disabled("Not one of the tests run on Spring Boot 4.0 too");
		}

		@Override
		public void beforeEach(ExtensionContext context) {
			this.runtime.enter();
		}

		@Override
		public void afterEach(ExtensionContext context) {
			ChildRuntime.leave();
		}

	}

}
