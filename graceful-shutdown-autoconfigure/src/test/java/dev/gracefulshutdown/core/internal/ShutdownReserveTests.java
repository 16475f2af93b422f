package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.List;

import dev.gracefulshutdown.ShutdownStage;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ShutdownReserve}: what a wait for work keeps of the deadline for what
 * follows it.
 */
class ShutdownReserveTests {

	private static final int PHASE = PhaseNames.EXECUTORS_DRAIN;

	@Test
	void childProcessesTimeoutAndTheMarginAreKept() {
		ShutdownReserve reserve = ShutdownReserve.after(PHASE, settings(true, Duration.ofSeconds(2)), List.of());
		assertThat(reserve.total()).isEqualTo(Duration.ofSeconds(3));
		assertThat(reserve.describe()).isEqualTo("3s (graceful-shutdown.child-processes.timeout 2s + 1s for the rest)");
	}

	@Test
	void childProcessesLeftAloneKeepOnlyTheMargin() {
		ShutdownReserve reserve = ShutdownReserve.after(PHASE, settings(false, Duration.ofSeconds(2)), List.of());
		assertThat(reserve.total()).isEqualTo(ShutdownReserve.MARGIN);
		assertThat(reserve.describe()).isEqualTo("1s (1s for the rest)");
	}

	@Test
	void hooksThatRunLaterAreKeptWithTheirTimeoutsAndEarlierOnesAreNot() {
		List<HookDefinition> hooks = List.of(hook("flushBeforeTheServerStops", ShutdownStage.STOP, null, 4),
				hook("closeStore", ShutdownStage.RELEASE, null, 2),
				hook("beforeTheExecutors", ShutdownStage.STOP, PhaseNames.WEB_SERVER_STOP, 5),
				hook("withTheExecutorsDrain", ShutdownStage.STOP, PHASE, 1),
				hook("afterTheExecutors", ShutdownStage.STOP, 0, 3));
		ShutdownReserve reserve = ShutdownReserve.after(PHASE, settings(true, Duration.ofMillis(1500)), hooks);
		assertThat(reserve.total()).isEqualTo(Duration.ofMillis(8500));
		assertThat(reserve.parts()).containsExactly("hook closeStore 2s", "hook withTheExecutorsDrain 1s",
				"hook afterTheExecutors 3s", "graceful-shutdown.child-processes.timeout 1500ms", "1s for the rest");
	}

	private static ShutdownSettings settings(boolean childProcesses, Duration childProcessTimeout) {
		return new ShutdownSettings(Duration.ofSeconds(25),
				new DrainSettings(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(15), true),
				new ExitCodes(0, 70, 124), PhaseTimeouts.bootDefaults(), ShutdownSettings.DEFAULT_HOOK_TIMEOUT,
				new ChildProcessSettings(childProcesses, childProcessTimeout));
	}

	private static HookDefinition hook(String name, ShutdownStage stage, @Nullable Integer phase, int seconds) {
		return new HookDefinition(name, name, stage, phase, 0, Duration.ofSeconds(seconds), () -> {
		});
	}

}
