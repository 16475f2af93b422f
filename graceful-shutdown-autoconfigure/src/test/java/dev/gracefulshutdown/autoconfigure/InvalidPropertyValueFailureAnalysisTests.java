package dev.gracefulshutdown.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests that a {@code graceful-shutdown.*} property with a value the starter cannot work
 * with fails the startup with Spring Boot's own failure analysis: the key, the value,
 * where the value came from and what to fix.
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidPropertyValueFailureAnalysisTests {

	@Test
	void analysisNamesTheKeyTheValueWhereItCameFromAndWhatIsWrong(@TempDir Path directory, CapturedOutput output)
			throws Exception {
		Path file = Files.writeString(directory.resolve("application.properties"),
				"graceful-shutdown.signals.enabled=false\ngraceful-shutdown.drain.max-delay=-1s\n");
		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(Config.class).web(WebApplicationType.NONE)
				.run("--spring.config.location=file:" + file))
			.withRootCauseInstanceOf(InvalidConfigurationPropertyValueException.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid value '-1s' for configuration property 'graceful-shutdown.drain.max-delay'"
					+ " (originating from 'URL [file:" + file + "] - 2:35')")
			.contains("must be zero or a positive duration")
			.contains("Review the value of the property with the provided reason.");
	}

	@Test
	void aValueFromTheCommandLineIsNamedWithItsSource(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(Config.class).web(WebApplicationType.NONE)
				.run("--graceful-shutdown.signals.enabled=false", "--graceful-shutdown.signals.names=TERM,NOPE"))
			.withRootCauseInstanceOf(InvalidConfigurationPropertyValueException.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid value 'TERM,NOPE' for configuration property 'graceful-shutdown.signals.names'"
					+ " (originating from '\"graceful-shutdown.signals.names\" from property source \"commandLineArgs\"')")
			.contains("unknown or reserved signal; use one of ");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(GracefulShutdownAutoConfiguration.class)
	static class Config {

	}

}
