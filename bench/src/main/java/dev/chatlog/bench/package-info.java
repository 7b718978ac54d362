/**
 * Benchmarks of the chatlog API on each store (JMH), and {@link
 * dev.chatlog.bench.HistoryGenerator}, which builds the histories they and the CLI benchmark run
 * on. Timings are reported by JMH and never asserted.
 */
package dev.chatlog.bench;
