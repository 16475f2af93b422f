package dev.gracefulshutdown;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Where the application stands, as the endpoint's {@code GET} shows it.
 *
 * @param id the shutdown's id, or {@code null} while running normally
 * @param state the state
 * @param stage the stage under way, or {@code null} before and after the sequence
 * @param reason why the shutdown started, or {@code null} while running normally
 * @param origin what started it, or {@code null} while running normally
 * @param detail free text from whoever started it, or {@code null} while running normally
 * @param requestedAt when it was requested, or {@code null} while running normally
 * @param deadlineAt when the deadline passes, or {@code null} while running normally
 * @param inFlight requests in flight now
 * @param elapsed time since the shutdown was requested, or {@code null} while running
 * normally
 * @param remaining time left until the deadline, or {@code null} while running normally
 */
public record ShutdownStatus(@Nullable String id, ShutdownState state, @Nullable ShutdownStage stage,
		@Nullable ShutdownReason reason, @Nullable String origin, @Nullable String detail,
		@Nullable Instant requestedAt, @Nullable Instant deadlineAt, long inFlight, @Nullable Duration elapsed,
		@Nullable Duration remaining) {

}
