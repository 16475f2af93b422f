package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.gracefulshutdown.Lease;
import dev.gracefulshutdown.LeaseRefusedException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link LeaseRegistry}.
 */
class LeaseRegistryTests {

	private static final Duration UPPER_BOUND = Duration.ofSeconds(10);

	private final LeaseRegistry leases = new LeaseRegistry();

	@Test
	void leaseIsOpenUntilClosedAndClosingTwiceDoesNothing() {
		Lease first = this.leases.acquire("flush");
		Lease second = this.leases.acquire("flush");
		assertThat(first.name()).isEqualTo("flush");
		assertThat(this.leases.openCount()).isEqualTo(2);
		first.close();
		first.close();
		assertThat(this.leases.openCount()).isOne();
		second.close();
		assertThat(this.leases.openCount()).isZero();
		assertThat(this.leases.awaitAll(Duration.ZERO)).isTrue();
	}

	@Test
	void leaseIsRefusedOnceIntakeHasStoppedWithAMessageThatSaysWhatToDo() {
		Lease before = this.leases.acquire("before");
		this.leases.stopIntake("id-1");
		assertThatExceptionOfType(LeaseRefusedException.class).isThrownBy(() -> this.leases.acquire("late"))
			.isInstanceOf(IllegalStateException.class)
			.withMessageContaining("Lease 'late' refused")
			.withMessageContaining("shutdown id-1")
			.withMessageContaining("do not start work that needs it now")
			.withMessageContaining("acquire the lease before the work is accepted");
		// A lease taken before intake stopped still counts, and can still be closed.
		assertThat(this.leases.openCount()).isOne();
		before.close();
		assertThat(this.leases.openCount()).isZero();
	}

	@Test
	void awaitAllIsWokenByTheLastRelease() throws InterruptedException {
		Lease first = this.leases.acquire("first");
		Lease second = this.leases.acquire("second");
		CountDownLatch waiting = new CountDownLatch(1);
		CountDownLatch returned = new CountDownLatch(1);
		AtomicLong returnedAt = new AtomicLong();
		boolean[] result = new boolean[1];
		Thread waiter = new Thread(() -> {
			waiting.countDown();
			result[0] = this.leases.awaitAll(Duration.ofMinutes(5));
			returnedAt.set(System.nanoTime());
			returned.countDown();
		}, "lease-waiter");
		waiter.start();
		assertThat(waiting.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		first.close();
		assertThat(returned.getCount()).as("still waiting for the second lease").isOne();
		long releasedAt = System.nanoTime();
		second.close();
		assertThat(returned.await(UPPER_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		assertThat(result[0]).isTrue();
		// Woken by the release, far below the five minutes it would wait otherwise.
		assertThat(Duration.ofNanos(returnedAt.get() - releasedAt)).isLessThan(Duration.ofSeconds(2));
		waiter.join(UPPER_BOUND.toMillis());
	}

	@Test
	void awaitAllGivesUpAfterTheTimeout() {
		this.leases.acquire("never-closed");
		long start = System.nanoTime();
		assertThat(this.leases.awaitAll(Duration.ofMillis(100))).isFalse();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
	}

	@Test
	void openLeasesAreDescribedWithTheirNameAndAge() {
		this.leases.acquire("flush");
		Lease closed = this.leases.acquire("closed");
		this.leases.acquire("relay-final-flush");
		closed.close();
		assertThat(this.leases.describeOpen()).hasSize(2)
			.satisfiesExactly((description) -> assertThat(description).matches("lease 'flush' open for \\S+"),
					(description) -> assertThat(description).matches("lease 'relay-final-flush' open for \\S+"));
	}

	@Test
	void openLeaseIsDescribedWithWhatItsWorkIsDoingWhenAsked() {
		AtomicReference<@Nullable String> progress = new AtomicReference<>("in progress: row 1200");
		this.leases.acquire("import", progress::get);
		this.leases.acquire("failing", () -> {
			throw new IllegalStateException("no progress");
		});
		assertThat(this.leases.describeOpen()).satisfiesExactly(
				(description) -> assertThat(description)
					.matches("lease 'import' open for \\S+ \\(in progress: row 1200\\)"),
				(description) -> assertThat(description).matches("lease 'failing' open for \\S+"));
		progress.set("in progress: row 1201");
		assertThat(this.leases.describeOpen().get(0)).endsWith("(in progress: row 1201)");
		progress.set(null);
		assertThat(this.leases.describeOpen().get(0)).matches("lease 'import' open for \\S+");
	}

}
