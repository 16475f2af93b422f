/**
 * Drain support for servlet web servers: in-flight counting and
 * {@code Connection: close}.
 */
@NullMarked
package dev.gracefulshutdown.web.servlet;

import org.jspecify.annotations.NullMarked;
