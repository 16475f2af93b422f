/**
 * Strict JSON reading and writing of small documents, so that the starter needs no JSON
 * library.
 */
@NullMarked
package dev.gracefulshutdown.json;

import org.jspecify.annotations.NullMarked;
