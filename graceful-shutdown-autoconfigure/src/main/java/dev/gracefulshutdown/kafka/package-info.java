/**
 * Draining Spring for Apache Kafka's listener containers: they stop fetching when the
 * drain starts, finish the record in progress, commit what they processed and leave the
 * consumer group, within the deadline.
 */
@NullMarked
package dev.gracefulshutdown.kafka;

import org.jspecify.annotations.NullMarked;
