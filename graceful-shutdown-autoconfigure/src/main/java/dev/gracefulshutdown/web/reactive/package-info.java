/**
 * The drain of a reactive web server (WebFlux on Reactor Netty, or on any other server):
 * in-flight counting and {@code Connection: close}.
 */
@NullMarked
package dev.gracefulshutdown.web.reactive;

import org.jspecify.annotations.NullMarked;
