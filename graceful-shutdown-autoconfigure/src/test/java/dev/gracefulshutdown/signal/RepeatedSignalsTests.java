package dev.gracefulshutdown.signal;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link RepeatedSignals}.
 */
class RepeatedSignalsTests {

	@Test
	void byDefaultOnlySigintEscalatesAndOnlyOutsideTheWindow() {
		RepeatedSignals defaults = RepeatedSignals.defaults();
		assertThat(defaults.window()).isEqualTo(Duration.ofMillis(500));
		assertThat(defaults.escalates("INT", Duration.ofMillis(499))).isFalse();
		assertThat(defaults.escalates("INT", Duration.ofMillis(500))).isTrue();
		assertThat(defaults.escalates("INT", Duration.ofMinutes(1))).isTrue();
		for (String joining : List.of("TERM", "HUP", "USR1")) {
			assertThat(defaults.escalates(joining, Duration.ofMinutes(1))).as(joining).isFalse();
		}
	}

	@Test
	void configuredSignalsEscalateAndTheOthersJoin() {
		RepeatedSignals repeats = new RepeatedSignals(List.of("TERM", "HUP"), Duration.ofSeconds(1));
		assertThat(repeats.escalates("TERM", Duration.ofMillis(999))).isFalse();
		assertThat(repeats.escalates("TERM", Duration.ofSeconds(1))).isTrue();
		assertThat(repeats.escalates("HUP", Duration.ofSeconds(2))).isTrue();
		assertThat(repeats.escalates("INT", Duration.ofSeconds(2))).isFalse();
	}

	@Test
	void zeroWindowEscalatesEveryRepeatOfAnEscalatingSignal() {
		RepeatedSignals repeats = new RepeatedSignals(List.of("INT"), Duration.ZERO);
		assertThat(repeats.escalates("INT", Duration.ZERO)).isTrue();
	}

	@Test
	void settingIsWrittenAsAUserWouldWriteIt() {
		RepeatedSignals defaults = RepeatedSignals.defaults();
		assertThat(defaults.setting("TERM")).isEqualTo("graceful-shutdown.signals.on-repeat.TERM=join");
		assertThat(defaults.setting("INT")).isEqualTo("graceful-shutdown.signals.on-repeat.INT=escalate");
	}

	@Test
	void negativeWindowIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RepeatedSignals(List.of(), Duration.ofMillis(-1)))
			.withMessageContaining("'window'");
	}

}
