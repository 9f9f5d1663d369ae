package io.mdrotator.tools.soak;

/**
 * One resource sample: seconds since the run started, heap in use right after a {@code
 * System.gc()}, heap committed, resident set size of the process ({@code -1} where /proc is
 * missing) and live threads.
 */
public record Sample(long atSeconds, long heapUsedBytes, long heapCommittedBytes, long rssBytes, int threads) {}
