/** Value types of chatlog: chunks, their metadata, filters and results. */
package dev.chatlog.model;
