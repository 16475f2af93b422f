package dev.gracefulshutdown.sample;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContext;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContextProvider;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a {@link WholeProcessTest} class once per {@link ChildRuntime#configured()
 * configured runtime}, with that runtime {@link ChildRuntime#current() current} on the
 * thread of each of its tests.
 */
class ChildRuntimes implements ClassTemplateInvocationContextProvider {

	@Override
	public boolean supportsClassTemplate(ExtensionContext context) {
		return true;
	}

	@Override
	public Stream<ClassTemplateInvocationContext> provideClassTemplateInvocationContexts(ExtensionContext context) {
		return ChildRuntime.configured().stream().map(Invocation::new);
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

	private record OnTestThread(ChildRuntime runtime) implements BeforeEachCallback, AfterEachCallback {

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
