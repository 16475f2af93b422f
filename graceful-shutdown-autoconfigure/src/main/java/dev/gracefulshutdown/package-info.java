/**
 * Public API of the graceful shutdown starter: what started a shutdown and where it
 * stands.
 */
@NullMarked
package dev.gracefulshutdown;

import org.jspecify.annotations.NullMarked;
