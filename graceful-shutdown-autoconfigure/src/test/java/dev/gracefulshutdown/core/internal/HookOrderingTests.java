package dev.gracefulshutdown.core.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.gracefulshutdown.ShutdownStage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HookOrdering}.
 */
class HookOrderingTests {

	@Test
	void independentHooksRunByOrderThenByRegistration() {
		List<HookDefinition> hooks = List.of(hook("late", "a", 5), hook("early", "b", -1), hook("alsoLate", "c", 5),
				hook("middle", "d", 0));
		assertThat(names(HookOrdering.order(hooks, dependencies(Map.of())))).containsExactly("early", "middle", "late",
				"alsoLate");
	}

	@Test
	void hookOfABeanThatDependsOnAnotherRunsFirstWhateverItsOrder() {
		List<HookDefinition> hooks = List.of(hook("dataSource.close", "dataSource", 0),
				hook("repository.flush", "repository", 10));
		assertThat(names(HookOrdering.order(hooks, dependencies(Map.of("repository", List.of("dataSource"))))))
			.containsExactly("repository.flush", "dataSource.close");
	}

	@Test
	void dependencyThroughABeanWithoutHooksCounts() {
		// service -> repository -> dataSource; only the service and the data source have
		// hooks.
		List<HookDefinition> hooks = List.of(hook("dataSource.close", "dataSource", -100),
				hook("service.drain", "service", 100));
		Map<String, List<String>> dependencies = Map.of("service", List.of("repository"), "repository",
				List.of("dataSource"));
		assertThat(names(HookOrdering.order(hooks, dependencies(dependencies)))).containsExactly("service.drain",
				"dataSource.close");
	}

	@Test
	void dependencyOrderAndOrderCombine() {
		List<HookDefinition> hooks = List.of(hook("pool.close", "pool", 0), hook("audit.flush", "audit", 3),
				hook("client.stop", "client", 7), hook("metrics.publish", "metrics", 1));
		// client depends on pool: client's hook first, although its order is the highest;
		// audit and metrics depend on nothing.
		List<String> ordered = names(HookOrdering.order(hooks, dependencies(Map.of("client", List.of("pool")))));
		assertThat(ordered).containsExactly("metrics.publish", "audit.flush", "client.stop", "pool.close");
	}

	@Test
	void hooksOfTheSameBeanRunByOrder() {
		List<HookDefinition> hooks = List.of(hook("cache.second", "cache", 2), hook("cache.first", "cache", 1));
		assertThat(names(HookOrdering.order(hooks, dependencies(Map.of("cache", List.of("cache"))))))
			.containsExactly("cache.first", "cache.second");
	}

	@Test
	void cycleFallsBackToOrder() {
		List<HookDefinition> hooks = List.of(hook("a.stop", "a", 2), hook("b.stop", "b", 1), hook("c.stop", "c", 0));
		// a and b depend on each other; c depends on a, so it runs before a and b.
		Map<String, List<String>> dependencies = Map.of("a", List.of("b"), "b", List.of("a"), "c", List.of("a"));
		List<String> ordered = names(HookOrdering.order(hooks, dependencies(dependencies)));
		assertThat(ordered).containsExactly("c.stop", "b.stop", "a.stop");
	}

	@Test
	void everyHookIsPlacedOnceEvenInACycleOfThree() {
		List<HookDefinition> hooks = List.of(hook("a.stop", "a", 3), hook("b.stop", "b", 1), hook("c.stop", "c", 2));
		Map<String, List<String>> dependencies = Map.of("a", List.of("b"), "b", List.of("c"), "c", List.of("a"));
		assertThat(names(HookOrdering.order(hooks, dependencies(dependencies)))).containsExactly("b.stop", "c.stop",
				"a.stop");
	}

	private static HookDefinition hook(String name, String beanName, int order) {
		return new HookDefinition(name, beanName, ShutdownStage.STOP, null, order, Duration.ofSeconds(1), () -> {
		});
	}

	private static Function<String, String[]> dependencies(Map<String, List<String>> direct) {
		return (bean) -> direct.getOrDefault(bean, List.of()).toArray(new String[0]);
	}

	private static List<String> names(List<HookDefinition> hooks) {
		return hooks.stream().map(HookDefinition::name).toList();
	}

}
