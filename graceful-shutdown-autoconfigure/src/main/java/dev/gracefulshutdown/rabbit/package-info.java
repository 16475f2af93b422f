/**
 * Draining Spring AMQP's RabbitMQ listener containers: they stop consuming when the drain
 * starts, finish and acknowledge the message in progress and give the prefetched ones
 * back to the queue, within the deadline.
 */
@NullMarked
package dev.gracefulshutdown.rabbit;

import org.jspecify.annotations.NullMarked;
