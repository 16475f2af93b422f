/**
 * JMH benchmarks for the request path of the graceful shutdown starter.
 */
package dev.gracefulshutdown.benchmarks;
