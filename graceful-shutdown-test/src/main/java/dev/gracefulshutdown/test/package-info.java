/**
 * Test support for applications that use the graceful shutdown starter: start the
 * application as a process of its own, put load on it, signal it, and assert on how it
 * shut down (its exit code, its time, its requests and its shutdown report); or run the
 * same sequence in a test's application context.
 */
@NullMarked
package dev.gracefulshutdown.test;

import org.jspecify.annotations.NullMarked;
