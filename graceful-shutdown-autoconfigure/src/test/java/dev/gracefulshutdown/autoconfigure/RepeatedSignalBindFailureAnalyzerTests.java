package dev.gracefulshutdown.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RepeatedSignalBindFailureAnalyzer}: a value of
 * {@code graceful-shutdown.signals.on-repeat} that does not bind fails startup with an
 * analysis that says what to write instead.
 */
class RepeatedSignalBindFailureAnalyzerTests {

	private final RepeatedSignalBindFailureAnalyzer analyzer = new RepeatedSignalBindFailureAnalyzer();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class))
		.withPropertyValues("graceful-shutdown.signals.enabled=false");

	@Test
	void singleValueOfEarlierVersionsFailsStartupSayingWhatToWriteInstead() {
		this.contextRunner.withPropertyValues("graceful-shutdown.signals.on-repeat=ignore").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = this.analyzer.analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription())
				.contains("Invalid value 'ignore' for property 'graceful-shutdown.signals.on-repeat'")
				.contains("is a map from signal name to what that signal does when it comes again")
				.contains("Origin: ");
			assertThat(analysis.getAction()).contains("TERM: join", "INT: escalate",
					"graceful-shutdown.signals.on-repeat.TERM=join", "(what 'ignore' did)");
		});
	}

	@Test
	void unknownActionFailsStartupNamingTheKeyAndTheActions() {
		this.contextRunner.withPropertyValues("graceful-shutdown.signals.on-repeat.term=ignore").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = this.analyzer.analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription())
				.contains("Invalid value 'ignore' for property 'graceful-shutdown.signals.on-repeat.term'")
				.contains("can 'join' or 'escalate'");
			assertThat(analysis.getAction()).contains("Update 'graceful-shutdown.signals.on-repeat.term'");
		});
	}

	@Test
	void otherBindingFailuresAreLeftToSpringBoot() {
		this.contextRunner.withPropertyValues("graceful-shutdown.deadline=soon").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(this.analyzer.analyze(context.getStartupFailure())).isNull();
		});
	}

	@Test
	void analyzerComesBeforeSpringBootsOwnAnalysisOfBindingFailures() {
		this.contextRunner.withPropertyValues("graceful-shutdown.signals.on-repeat=escalate").run((context) -> {
			// The analyzers in the order Spring Boot asks them; those that need arguments
			// are left out.
			List<FailureAnalyzer> analyzers = SpringFactoriesLoader
				.forDefaultResourceLocation(getClass().getClassLoader())
				.load(FailureAnalyzer.class, (factoryType, implementationName, failure) -> {
				});
			FailureAnalyzer first = analyzers.stream()
				.filter((candidate) -> candidate.analyze(context.getStartupFailure()) != null)
				.findFirst()
				.orElseThrow();
			assertThat(first).isInstanceOf(RepeatedSignalBindFailureAnalyzer.class);
		});
	}

}
