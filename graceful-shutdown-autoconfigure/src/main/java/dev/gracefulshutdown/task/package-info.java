/**
 * Draining Spring's executors and schedulers: tasks accepted before the shutdown run to
 * completion within the budget, and what cannot finish is named.
 */
@NullMarked
package dev.gracefulshutdown.task;

import org.jspecify.annotations.NullMarked;
