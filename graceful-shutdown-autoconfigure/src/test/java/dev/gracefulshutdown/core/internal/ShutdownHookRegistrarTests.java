package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.gracefulshutdown.OnShutdown;
import dev.gracefulshutdown.ShutdownHook;
import dev.gracefulshutdown.ShutdownStage;
import dev.gracefulshutdown.autoconfigure.GracefulShutdownAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ShutdownHookRegistrar}: which hooks it finds and how it resolves their
 * declarations.
 */
class ShutdownHookRegistrarTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GracefulShutdownAutoConfiguration.class))
		.withPropertyValues("graceful-shutdown.signals.enabled=false", "graceful-shutdown.hooks.timeout=2s");

	@Test
	void shutdownHookBeansAndOnShutdownMethodsAreFound() {
		this.contextRunner.withBean("flushQueue", ShutdownHook.class, () -> () -> {
		}).withBean("cache", CacheHooks.class).run((context) -> {
			assertThat(context).hasNotFailed();
			List<HookDefinition> hooks = context.getBean(ShutdownHookRunner.class).all();
			assertThat(hooks).extracting(HookDefinition::name)
				.containsExactlyInAnyOrder("flushQueue", "cache.persist", "cache.evict");
			assertThat(hook(hooks, "flushQueue")).satisfies((hook) -> {
				assertThat(hook.beanName()).isEqualTo("flushQueue");
				assertThat(hook.stage()).isEqualTo(ShutdownStage.STOP);
				assertThat(hook.phase()).isNull();
				assertThat(hook.order()).isZero();
				assertThat(hook.timeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(hook.when()).isEqualTo("stage stop");
			});
			assertThat(hook(hooks, "cache.evict")).satisfies((hook) -> {
				assertThat(hook.beanName()).isEqualTo("cache");
				assertThat(hook.stage()).isEqualTo(ShutdownStage.RELEASE);
				assertThat(hook.phase()).isNull();
				assertThat(hook.order()).isEqualTo(2);
				assertThat(hook.timeout()).isEqualTo(Duration.ofMillis(750));
				assertThat(hook.when()).isEqualTo("stage release");
			});
			assertThat(hook(hooks, "cache.persist")).satisfies((hook) -> {
				assertThat(hook.phase()).isEqualTo(PhaseNames.WEB_SERVER_STOP);
				assertThat(hook.timeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(hook.when()).isEqualTo("phase 2147481599 (web-server-stop)");
			});
		});
	}

	@Test
	void onShutdownMethodRunsOnItsBean() throws Exception {
		this.contextRunner.withBean("cache", CacheHooks.class).run((context) -> {
			HookDefinition persist = hook(context.getBean(ShutdownHookRunner.class).all(), "cache.persist");
			persist.hook().onShutdown();
			assertThat(context.getBean(CacheHooks.class).persisted).hasValue(1);
		});
	}

	@Test
	void shutdownHookBeanSettingsAreUsed() {
		this.contextRunner.withBean("closeClients", ShutdownHook.class, ConfiguredHook::new).run((context) -> {
			HookDefinition hook = hook(context.getBean(ShutdownHookRunner.class).all(), "closeClients");
			assertThat(hook.phase()).isEqualTo(-100);
			assertThat(hook.order()).isEqualTo(-7);
			assertThat(hook.timeout()).isEqualTo(Duration.ofMillis(1500));
		});
	}

	@Test
	void hooksOfALifecyclePhaseGetALifecycleBeanOfThatPhase() {
		this.contextRunner.withBean("cache", CacheHooks.class).run((context) -> {
			String name = ShutdownHookRegistrar.PHASE_BEAN_PREFIX + PhaseNames.WEB_SERVER_STOP;
			assertThat(context).hasBean(name);
			assertThat(context.getBean(name)).isInstanceOfSatisfying(SmartLifecycle.class, (lifecycle) -> {
				assertThat(lifecycle.getPhase()).isEqualTo(PhaseNames.WEB_SERVER_STOP);
				assertThat(lifecycle.isRunning()).isTrue();
			});
			assertThat(context.getBeansOfType(HookPhaseLifecycle.class)).hasSize(1);
		});
	}

	@Test
	void withoutHooksNothingIsRegistered() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(ShutdownHookRunner.class).all()).isEmpty();
			assertThat(context.getBeansOfType(HookPhaseLifecycle.class)).isEmpty();
		});
	}

	@Test
	void lazyBeanThatWasNeverCreatedIsNotCreatedToLookForHooks() {
		AtomicInteger created = new AtomicInteger();
		this.contextRunner.withBean("lazyCache", CacheHooks.class, () -> {
			created.incrementAndGet();
			return new CacheHooks();
		}, (definition) -> definition.setLazyInit(true)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(created).hasValue(0);
			assertThat(context.getBean(ShutdownHookRunner.class).all()).isEmpty();
		});
	}

	@Test
	void hooksAreRegisteredOnceAlthoughTheBudgetCheckAlsoAsksForThem() {
		this.contextRunner.withBean("cache", CacheHooks.class).run((context) -> {
			ShutdownCoordinator coordinator = context.getBean(ShutdownCoordinator.class);
			assertThat(context.getBean(ShutdownHookRunner.class).all()).hasSize(2);
			context.getBean(ShutdownHookRegistrar.class).registerHooks();
			assertThat(context.getBean(ShutdownHookRunner.class).all()).hasSize(2);
		});
	}

	private static HookDefinition hook(List<HookDefinition> hooks, String name) {
		return hooks.stream()
			.filter((hook) -> hook.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No hook named " + name + " in " + hooks));
	}

	static class CacheHooks {

		final AtomicInteger persisted = new AtomicInteger();

		@OnShutdown(phase = "web-server-stop")
		void persist() {
			this.persisted.incrementAndGet();
		}

		@OnShutdown(stage = ShutdownStage.RELEASE, order = 2, timeout = "750ms")
		public void evict() {
			// Only its declaration matters here.
		}

		void notAHook() {
			// Not annotated: not a hook.
		}

	}

	/**
	 * A hook bean that sets everything.
	 */
	static final class ConfiguredHook implements ShutdownHook {

		@Override
		public void onShutdown() {
			// Only its declaration matters here.
		}

		@Override
		public String phase() {
			return "-100";
		}

		@Override
		public int order() {
			return -7;
		}

		@Override
		public Duration timeout() {
			return Duration.ofMillis(1500);
		}

	}

}
