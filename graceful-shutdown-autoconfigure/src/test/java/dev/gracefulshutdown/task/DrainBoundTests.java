package dev.gracefulshutdown.task;

import java.time.Duration;
import java.util.List;

import dev.gracefulshutdown.core.internal.ChildProcessSettings;
import dev.gracefulshutdown.core.internal.DrainSettings;
import dev.gracefulshutdown.core.internal.ExitCodes;
import dev.gracefulshutdown.core.internal.PhaseTimeouts;
import dev.gracefulshutdown.core.internal.ShutdownReserve;
import dev.gracefulshutdown.core.internal.ShutdownSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DrainBound}: how long the executors' drain waits, and why.
 */
class DrainBoundTests {

	private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * The reserve with the defaults: child-processes.timeout 2s, 1s for the rest.
	 */
	private final ShutdownReserve reserve = ShutdownReserve.after(ExecutorsDrain.PHASE,
			new ShutdownSettings(Duration.ofSeconds(25),
					new DrainSettings(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(15), true),
					new ExitCodes(0, 70, 124), PhaseTimeouts.bootDefaults(), ShutdownSettings.DEFAULT_HOOK_TIMEOUT,
					new ChildProcessSettings(true, Duration.ofSeconds(2))),
			List.of());

	@Test
	void withoutATimeoutTheDrainWaitsAsLongAsTheDeadlineAllowsLessTheReserve() {
		DrainBound bound = DrainBound.of(null, PHASE_TIMEOUT, Duration.ofMillis(24700), this.reserve);
		assertThat(bound.duration()).isEqualTo(Duration.ofMillis(21700));
		assertThat(bound.reason()).isEqualTo("all the deadline allows: it had 24700ms left, of which 3s"
				+ " (graceful-shutdown.child-processes.timeout 2s + 1s for the rest) are kept for what follows");
	}

	@Test
	void aTimeoutSetByTheUserCutsSooner() {
		DrainBound bound = DrainBound.of(Duration.ofSeconds(3), PHASE_TIMEOUT, Duration.ofMillis(24700), this.reserve);
		assertThat(bound.duration()).isEqualTo(Duration.ofSeconds(3));
		assertThat(bound.reason()).isEqualTo("the limit set by graceful-shutdown.executors.timeout");
	}

	@Test
	void aTimeoutLongerThanTheDeadlineAllowsIsCutByTheDeadline() {
		DrainBound bound = DrainBound.of(Duration.ofSeconds(20), PHASE_TIMEOUT, Duration.ofSeconds(10), this.reserve);
		assertThat(bound.duration()).isEqualTo(Duration.ofSeconds(7));
		assertThat(bound.reason()).startsWith("all the deadline allows: it had 10s left");
	}

	@Test
	void theDrainStaysWithinNineTenthsOfItsPhasesTimeout() {
		DrainBound bound = DrainBound.of(null, Duration.ofSeconds(10), Duration.ofSeconds(60), this.reserve);
		assertThat(bound.duration()).isEqualTo(Duration.ofSeconds(9));
		assertThat(bound.reason())
			.isEqualTo("the limit set by the timeout of phase 1073741824 (executors-drain) (10s)");
	}

	@Test
	void aDeadlineThatLeavesLessThanTheReserveLeavesNoWait() {
		DrainBound bound = DrainBound.of(null, PHASE_TIMEOUT, Duration.ofSeconds(2), this.reserve);
		assertThat(bound.duration()).isZero();
		assertThat(bound.reason()).startsWith("all the deadline allows: it had 2s left, of which 3s");
	}

	@Test
	void withoutADeadlineThePhaseTimeoutOrTheTimeoutBounds() {
		assertThat(DrainBound.of(null, PHASE_TIMEOUT, null, this.reserve).duration()).isEqualTo(Duration.ofSeconds(27));
		assertThat(DrainBound.of(Duration.ofSeconds(5), PHASE_TIMEOUT, null, this.reserve).duration())
			.isEqualTo(Duration.ofSeconds(5));
	}

}
