/**
 * Drain support for servlet web servers: in-flight counting, {@code Connection: close},
 * and the end of event streams and WebSocket sessions.
 */
@NullMarked
package dev.gracefulshutdown.web.servlet;

import org.jspecify.annotations.NullMarked;
