/**
 * The shutdown report outside the process: its JSON form, the file it is written to and
 * read back from at the next start, and the summary in the log.
 */
@NullMarked
package dev.gracefulshutdown.report;

import org.jspecify.annotations.NullMarked;
