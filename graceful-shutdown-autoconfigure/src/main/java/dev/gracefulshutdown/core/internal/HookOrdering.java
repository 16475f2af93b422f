package dev.gracefulshutdown.core.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Orders the hooks that run at the same point: a hook of a bean that depends on another
 * bean (directly or through others) runs before that other bean's hooks, the way Spring
 * destroys a bean before the beans it depends on; otherwise the lower order runs first,
 * then the order of registration.
 */
final class HookOrdering {

	private HookOrdering() {
	}

	/**
	 * Order hooks.
	 * @param hooks the hooks, in registration order
	 * @param dependenciesOf the beans a bean depends on directly
	 * @return the hooks in the order they run
	 */
	static List<HookDefinition> order(List<HookDefinition> hooks, Function<String, String[]> dependenciesOf) {
		int count = hooks.size();
		Map<String, Set<String>> closure = new LinkedHashMap<>();
		for (HookDefinition hook : hooks) {
			closure.computeIfAbsent(hook.beanName(), (bean) -> transitiveDependencies(bean, dependenciesOf));
		}
		// before[i][j]: hook i must run before hook j, because i's bean depends on j's.
		boolean[][] before = new boolean[count][count];
		int[] waitingFor = new int[count];
		for (int i = 0; i < count; i++) {
			for (int j = 0; j < count; j++) {
				String mine = hooks.get(i).beanName();
				String theirs = hooks.get(j).beanName();
				if (i != j && !mine.equals(theirs) && closure.getOrDefault(mine, Set.of()).contains(theirs)) {
					before[i][j] = true;
					waitingFor[j]++;
				}
			}
		}
		Comparator<Integer> preference = Comparator.<Integer>comparingInt((index) -> hooks.get(index).order())
			.thenComparingInt((index) -> index);
		List<HookDefinition> ordered = new ArrayList<>(count);
		boolean[] placed = new boolean[count];
		while (ordered.size() < count) {
			int next = -1;
			for (int i = 0; i < count; i++) {
				if (!placed[i] && waitingFor[i] == 0 && (next < 0 || preference.compare(i, next) < 0)) {
					next = i;
				}
			}
			if (next < 0) {
				// A cycle (beans that depend on each other): the order decides among
				// them.
				for (int i = 0; i < count; i++) {
					if (!placed[i] && (next < 0 || preference.compare(i, next) < 0)) {
						next = i;
					}
				}
			}
			int chosen = next;
			placed[chosen] = true;
			ordered.add(hooks.get(chosen));
			for (int j = 0; j < count; j++) {
				if (before[chosen][j]) {
					waitingFor[j]--;
				}
			}
		}
		return ordered;
	}

	private static Set<String> transitiveDependencies(String bean, Function<String, String[]> dependenciesOf) {
		Set<String> seen = new HashSet<>();
		Deque<String> pending = new ArrayDeque<>(List.of(dependenciesOf.apply(bean)));
		while (!pending.isEmpty()) {
			String next = pending.pop();
			if (seen.add(next)) {
				pending.addAll(List.of(dependenciesOf.apply(next)));
			}
		}
		return seen;
	}

}
