package dev.gracefulshutdown.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InvalidGracefulShutdownPropertyFailureAnalyzer}.
 */
class InvalidGracefulShutdownPropertyFailureAnalyzerTests {

	private final InvalidGracefulShutdownPropertyFailureAnalyzer analyzer = new InvalidGracefulShutdownPropertyFailureAnalyzer();

	@Test
	void analysisNamesTheKeyTheValueAndWhatIsWrong() {
		InvalidGracefulShutdownPropertyException invalid = new InvalidGracefulShutdownPropertyException(
				"graceful-shutdown.exit-code.timeout", 256, "must be an exit status between 0 and 255");
		FailureAnalysis analysis = this.analyzer
			.analyze(new BeanCreationException("shutdownCoordinator", "Bean creation failed", invalid));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("'graceful-shutdown.exit-code.timeout'")
			.contains("'256'")
			.contains("must be an exit status between 0 and 255");
		assertThat(analysis.getAction()).contains("'graceful-shutdown.exit-code.timeout'");
		assertThat(analysis.getCause()).isSameAs(invalid);
	}

	@Test
	void analysisOfAStartupFailureNamesTheKey() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class))
			.withPropertyValues("graceful-shutdown.signals.enabled=false", "graceful-shutdown.drain.max-delay=-1s")
			.run((context) -> {
				FailureAnalysis analysis = this.analyzer.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("'graceful-shutdown.drain.max-delay'")
					.contains("'-1s'")
					.contains("must be zero or a positive duration");
				assertThat(analysis.getAction()).contains("'graceful-shutdown.drain.max-delay'");
			});
	}

	@Test
	void otherFailuresAreNotAnalyzed() {
		assertThat(this.analyzer.analyze(new IllegalStateException("unrelated"))).isNull();
	}

	@Test
	void analyzerIsRegisteredForSpringBootToFind() {
		// Other analyzers on the class path need arguments: leave them out.
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation(getClass().getClassLoader())
			.load(FailureAnalyzer.class, (factoryType, implementationName, failure) -> {
			});
		assertThat(analyzers).hasAtLeastOneElementOfType(InvalidGracefulShutdownPropertyFailureAnalyzer.class);
	}

}
