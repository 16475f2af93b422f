/**
 * Auto-configuration and configuration properties of the graceful shutdown starter.
 */
@NullMarked
package dev.gracefulshutdown.autoconfigure;

import org.jspecify.annotations.NullMarked;
