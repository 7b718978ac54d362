/**
 * chatlog's metrics: a {@link dev.chatlog.observe.ChatLogObserver} that counts and times on a
 * Micrometer registry, and the ways a Prometheus registry leaves the process: pushed to a
 * Pushgateway, written as a node_exporter textfile, or served on {@code /metrics}.
 */
package dev.chatlog.metrics;
