/**
 * Operating-system signals (TERM, INT, ...) turned into shutdown requests.
 */
@NullMarked
package dev.gracefulshutdown.signal;

import org.jspecify.annotations.NullMarked;
