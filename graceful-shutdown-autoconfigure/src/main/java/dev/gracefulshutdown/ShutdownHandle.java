package dev.gracefulshutdown;

import java.util.concurrent.CompletableFuture;

/**
 * A running (or finished) shutdown, as returned to whoever asked for it.
 *
 * @param id the shutdown's id, the same for every request that joined it
 * @param request the request that started the sequence (not necessarily the caller's)
 * @param completion completes with the exit status once the sequence is over, just before
 * the process exits
 */
public record ShutdownHandle(String id, ShutdownRequest request, CompletableFuture<Integer> completion) {

}
